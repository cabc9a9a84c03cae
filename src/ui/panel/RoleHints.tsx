/** What the panel says about the layer choice: why it cannot run, a missing style, the editor's note. */
import { sameRoles, type LayerChoice } from "../../shared/layers";
import { contentMissing } from "./RecallNote";
import { rolesOf, type BatchRoles } from "../run/plan";

export interface RoleHintsProps {
  choice: LayerChoice | null;
  roles: BatchRoles | null;
  problem: string | null;
  /** The recalled result's content layer is gone (RecallNote says so). */
  gone: boolean;
  noStyle: boolean;
}

export function RoleHints({ choice, roles, problem, gone, noStyle }: RoleHintsProps) {
  return (
    <>
      {problem && !gone ? <p class="message hint">{problem}</p> : null}
      {!problem && noStyle ? (
        <p class="message hint" data-hint="no-style">
          Pick a built-in style below, or also select a style layer.
        </p>
      ) : null}
      {!problem &&
      choice?.note &&
      roles &&
      roles.contentIds.length === 1 &&
      sameRoles(rolesOf(roles)[0], { contentId: choice.contentId ?? "", styleIds: choice.styleIds }) ? (
        <p class="message hint roles-note">{choice.note}</p>
      ) : null}
    </>
  );
}

/** Whether the panel can run, and if not, why. */
export function runGate(choice: LayerChoice | null, roles: BatchRoles | null, loaded: boolean, recall: LayerChoice["recall"]) {
  const problem = choice?.problem ?? (loaded && !choice ? "Waiting for the editor…" : null);
  const gone = !!recall && contentMissing(recall);
  const noStyle = !!roles && roles.styleIds.length === 0;
  const canRun = !!choice && !!roles && !problem && loaded && !noStyle && !gone && roles.contentIds.length > 0;
  return { problem, gone, noStyle, canRun };
}
