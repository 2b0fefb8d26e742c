/**
 * The widget's CSS, scoped by its shadow root: nothing leaks into the host page and the
 * host's styles do not reach in (`:host { all: initial }` stops inherited ones).
 * Theme values arrive as custom properties set on the host element.
 */
// One line in the built file: an array joined rather than a multi-line template.
export const CSS = [
  ":host{all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:var(--ww-z,2147483000);",
  "--ww-primary:#1f5fbf;--ww-text:#1d2330;--ww-bg:#fff;--ww-radius:8px;",
  '--ww-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
  "*{box-sizing:border-box}",
  ".ww-popover{position:fixed;top:0;left:0;width:max-content;max-width:min(360px,calc(100vw - 16px));",
  "background:var(--ww-bg);color:var(--ww-text);font:14px/1.45 var(--ww-font);",
  "border-radius:var(--ww-radius);box-shadow:0 8px 28px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.08);",
  "padding:14px 16px 12px;outline:none}",
  ".ww-popover:focus-visible,.ww-popover button:focus-visible{outline:2px solid var(--ww-primary);outline-offset:2px}",
  ".ww-floating{top:50%;left:50%;transform:translate(-50%,-50%);max-width:min(440px,calc(100vw - 32px))}",
  ".ww-backdrop{position:fixed;inset:0;background:rgba(15,20,30,.45)}",
  ".ww-title{margin:0 28px 6px 0;font-size:16px;font-weight:600;line-height:1.3}",
  ".ww-body{margin:0 0 12px}",
  ".ww-body p{margin:0 0 8px}.ww-body :last-child{margin-bottom:0}",
  ".ww-body a{color:var(--ww-primary)}",
  ".ww-body img{max-width:100%}",
  ".ww-footer{display:flex;align-items:center;gap:8px}",
  ".ww-progress{margin-right:auto;font-size:12px;opacity:.75}",
  ".ww-button{font:inherit;font-size:13px;cursor:pointer;border-radius:calc(var(--ww-radius) - 2px);",
  "padding:6px 12px;border:1px solid var(--ww-primary);background:transparent;color:var(--ww-primary)}",
  ".ww-primary{background:var(--ww-primary);color:#fff}",
  ".ww-close{position:absolute;top:6px;right:6px;width:28px;height:28px;border:0;background:transparent;",
  "color:inherit;font-size:20px;line-height:1;cursor:pointer;border-radius:50%}",
  ".ww-close:hover{background:rgba(0,0,0,.07)}",
  ".ww-arrow{position:absolute;width:10px;height:10px;background:var(--ww-bg);transform:rotate(45deg)}",
  ".ww-spotlight{position:fixed;top:0;left:0;pointer-events:none;border-radius:6px;",
  "box-shadow:0 0 0 3px var(--ww-primary),0 0 0 9999px rgba(15,20,30,.25)}",
].join("");
