/**
 * The one entry point the trainer calls: a task in, a split Dataset out.
 * Every source is deterministic: the same task gives the same data on every machine, whatever the
 * training seed (which only picks the train windows).
 */
import type { Task } from './task.ts';
import { loadBrownText } from './brown.ts';
import { markovData } from './markov-data.ts';
import { loadNanoGptBin } from './nanogpt-bin.ts';
import { sparseParityData } from './sparse-parity.ts';
import { teacherStudentData } from './teacher-student.ts';
import { textSequenceData } from './text-data.ts';
import { readTextFile } from './text-file.ts';
import type { Dataset } from './types.ts';

export { DataError } from './errors.ts';

export async function loadDataset(task: Task): Promise<Dataset> {
  switch (task.kind) {
    case 'brown':
      return textSequenceData(`brown-${task.tokenizer}`, loadBrownText().text, task.tokenizer, task.heldOutFraction);
    case 'text':
      return textSequenceData(`text-${task.tokenizer}:${task.path}`, readTextFile(task.path), task.tokenizer, task.heldOutFraction);
    case 'nanogpt-bin':
      return loadNanoGptBin(task.dir, task.vocabSize);
    case 'markov':
      return markovData(task);
    case 'teacher-student':
      return teacherStudentData(task);
    case 'sparse-parity':
      return sparseParityData(task);
  }
}
