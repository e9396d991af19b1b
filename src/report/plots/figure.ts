/** A figure is a Vega-Lite spec plus the words report.md prints around it, or a reason it was skipped. */
import type { TopLevelSpec } from 'vega-lite';
import type { Encoding } from 'vega-lite/build/src/encoding.js';

export interface Figure {
  /** File stem under plots/: <name>.svg and <name>.png. */
  name: string;
  title: string;
  /** What the figure shows, in a sentence or two. */
  caption: string;
  /** Which files and columns every mark comes from. */
  sources: string;
  spec: TopLevelSpec;
}

export interface SkippedFigure {
  name: string;
  title: string;
  skipped: string;
}

export type FigurePlan = Figure | SkippedFigure;

export function isSkipped(f: FigurePlan): f is SkippedFigure {
  return 'skipped' in f;
}

/** One layer of a layered spec, typed from vega-lite's own TopLevelSpec. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/** Channel definitions, so helpers returning them keep their literal types. */
export type PositionDef = NonNullable<Encoding<string>['x']>;
export type ColorDef = NonNullable<Encoding<string>['color']>;
export type ShapeDef = NonNullable<Encoding<string>['shape']>;
