/** What the run controller shows the panel: its status, and the results waiting to be placed. */
import type { Finished } from "../run/run-job";
import type { Status } from "./RunStatus";

/** Results made and not placed: waiting for review, or left by a cancelled batch. */
export interface Pending {
  finished: Finished[];
  cancelledOf?: number;
  /** What the done message says once they are placed. */
  updating: boolean;
  secs: string;
}

/** What the panel shows of the run. */
export interface RunView {
  status: Status;
  pending: Pending | null;
}
