"""Reads `toyscale export tensorboard` output with TensorBoard's own EventAccumulator and compares
every scalar with the run's curve.csv (rounded to float32, as TensorBoard stores it).
Not part of npm test (Debian has no TensorBoard); run it where `pip install tensorboard` works:
    python3 scripts/tensorboard-read-check.py <exportDir> <sweepDir>
"""
import sys, glob, csv
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
root, sweep = sys.argv[1], sys.argv[2]
bad = 0; n = 0
import struct
f32 = lambda x: struct.unpack('f', struct.pack('f', x))[0]
for d in sorted(glob.glob(root + '/*')):
    run = d.split('/')[-1]
    ea = EventAccumulator(d); ea.Reload()
    tags = ea.Tags()['scalars']
    rows = list(csv.DictReader(open(f'{sweep}/runs/{run}/curve.csv')))
    for tag in ['train_loss', 'eval_loss', 'lr', 'tokens']:
        got = {e.step: e.value for e in ea.Scalars(tag)}
        want = {int(r['step']): f32(float(r[tag])) for r in rows if r[tag] != ''}
        n += len(want)
        if got != want: bad += 1; print('MISMATCH', run, tag)
    print(run, sorted(tags))
print('values compared', n, 'mismatching tags', bad)
