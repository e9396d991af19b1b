/** Model shapes: the resolved architecture of one run, as stored in its config.json. */

export interface GptShape {
  family: 'gpt';
  vocabSize: number;
  contextLength: number;
  nLayer: number;
  dModel: number;
  nHead: number;
  /** Unembedding shares the token-embedding matrix (GPT-2 style) when true. */
  tiedEmbedding: boolean;
}

export interface MlpShape {
  family: 'mlp';
  inputDim: number;
  /** Hidden width, the same for every hidden layer. */
  width: number;
  /** Number of hidden layers. */
  depth: number;
  outputDim: number;
}

export type ModelShape = GptShape | MlpShape;
