import { StageError } from '@genlab/artifacts';

/** Training stopped on request (Ctrl-C, an abort signal or a test hook); the checkpoints stay. */
export class TrainingInterrupted extends StageError {
  constructor(
    message: string,
    readonly epoch: number,
    readonly lastCheckpoint: number | null,
  ) {
    super(message);
  }
}
