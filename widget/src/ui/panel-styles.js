/**
 * The CSS of the help panel and of "was this helpful?": a module of its own so that both
 * chunks share it without sharing their code.
 */
// Concatenated literals: one line in the built file.

/** The help panel (with search and checklists) and "was this helpful?". */
export const PANEL_CSS =
  ".ww-panel,.ww-feedback{position:fixed;right:16px;bottom:72px;width:min(340px,calc(100vw - 32px));" +
  "max-height:min(70vh,560px);overflow:auto;padding:14px 16px;background:var(--ww-bg);color:var(--ww-text);" +
  "font:14px/1.45 var(--ww-font);border-radius:var(--ww-radius);box-shadow:0 8px 28px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.08)}" +
  ".ww-heading{display:block;margin:12px 0 6px;font-size:13px;font-weight:600}" +
  ".ww-feedback .ww-heading{margin-top:0}" +
  ".ww-list{list-style:none;margin:0;padding:0}" +
  ".ww-link{display:block;width:100%;text-align:left;font:inherit;color:var(--ww-primary);background:transparent;" +
  "border:0;border-radius:4px;padding:6px;cursor:pointer}.ww-link:hover{background:rgba(0,0,0,.05)}" +
  ".ww-result{padding:6px}.ww-link.ww-result{padding:6px}" +
  ".ww-result-title{display:block;font-weight:600}.ww-snippet{display:block;font-size:13px;color:var(--ww-text)}" +
  ".ww-snippet mark{background:#fde68a;color:inherit}" +
  ".ww-input{display:block;width:100%;font:inherit;padding:6px 8px;margin:0 0 8px;color:inherit;background:var(--ww-bg);" +
  "border:1px solid rgba(0,0,0,.3);border-radius:calc(var(--ww-radius) - 2px)}" +
  ".ww-status{margin:0 0 4px;font-size:12px;opacity:.75}" +
  ".ww-checklist{margin:0 0 8px;padding-bottom:8px;border-bottom:1px solid rgba(0,0,0,.12)}" +
  ".ww-checklist .ww-body{margin:0 0 6px}" +
  ".ww-meter{display:block;height:6px;margin:4px 0;border-radius:3px;background:rgba(0,0,0,.1);overflow:hidden}" +
  ".ww-meter-fill{display:block;height:100%;background:var(--ww-primary);transition:width .3s}" +
  ".ww-item{display:flex;align-items:center;gap:8px}span.ww-item{color:var(--ww-text);cursor:default}" +
  ".ww-check{flex:none;width:16px;height:16px;border:1.5px solid var(--ww-primary);border-radius:50%;" +
  "font:700 11px/13px var(--ww-font);text-align:center;color:#fff}" +
  ".ww-item-done .ww-check{background:var(--ww-primary)}.ww-item-done{opacity:.8}" +
  ".ww-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);" +
  "white-space:nowrap;border:0}";
