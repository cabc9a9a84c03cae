/** The controls' descriptions, once each, for aria-describedby: hidden, as the tooltips show them. */
import { CONTROL_HELP, helpId, type HelpKey } from "./control-help";

export function HelpTexts() {
  return (
    <div hidden class="help-texts">
      {(Object.keys(CONTROL_HELP) as HelpKey[]).map((k) => (
        <span key={k} id={helpId(k)}>
          {CONTROL_HELP[k]}
        </span>
      ))}
    </div>
  );
}
