/**
 * The widget's CSS, scoped by its shadow root: nothing leaks into the host page and the
 * host's styles do not reach in (`:host { all: initial }` stops inherited ones).
 * Theme values arrive as custom properties set on the host element.
 *
 * This is the core's sheet: the host element, the controls every surface shares and the
 * help launcher. Each lazily loaded surface keeps its own CSS next to its code and adds
 * it with `layer.addStyles`, so a page fetches only the CSS of what it shows (a module
 * of their own, because esbuild splits chunks by module, not by statement).
 */
// Concatenated literals rather than multi-line templates: one line each in the built file,
// and esbuild folds them into constants it can leave out of bundles that do not use them.

/**
 * The host element and what every surface uses. The `:host` rules are `!important`
 * because a host page's `!important` rules on `<wegwijs-root>` (`* { all: unset
 * !important }`, `[popover] { display: none !important }`) lose only to those.
 */
export const HOST_CSS =
  ":host{all:initial!important;display:block!important;position:fixed!important;top:0!important;" +
  "left:0!important;width:0!important;height:0!important;margin:0!important;padding:0!important;" +
  "border:0!important;overflow:visible!important;z-index:var(--ww-z,2147483000)!important;" +
  "--ww-primary:#1f5fbf;--ww-text:#1d2330;--ww-bg:#fff;--ww-radius:8px;" +
  '--ww-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  "*{box-sizing:border-box}" +
  ".ww-title{margin:0 28px 6px 0;font-size:16px;font-weight:600;line-height:1.3}" +
  ".ww-body{margin:0 0 12px}" +
  ".ww-body p{margin:0 0 8px}.ww-body :last-child{margin-bottom:0}" +
  ".ww-body a{color:var(--ww-primary)}" +
  ".ww-body img{max-width:100%}" +
  ".ww-footer{display:flex;align-items:center;gap:8px}" +
  ".ww-button{font:inherit;font-size:13px;cursor:pointer;border-radius:calc(var(--ww-radius) - 2px);" +
  "padding:6px 12px;border:1px solid var(--ww-primary);background:transparent;color:var(--ww-primary)}" +
  ".ww-primary{background:var(--ww-primary);color:#fff}" +
  ".ww-close{position:absolute;top:6px;right:6px;width:28px;height:28px;border:0;background:transparent;" +
  "color:inherit;font-size:20px;line-height:1;cursor:pointer;border-radius:50%}" +
  ".ww-close:hover{background:rgba(0,0,0,.07)}" +
  ".ww-launcher{position:fixed;right:16px;bottom:16px;width:44px;height:44px;border-radius:50%;border:0;cursor:pointer;" +
  "background:var(--ww-primary);color:#fff;font:700 20px/1 var(--ww-font);box-shadow:0 4px 14px rgba(0,0,0,.3)}" +
  "button:focus-visible,.ww-input:focus-visible{outline:2px solid var(--ww-primary);outline-offset:2px}" +
  // The sheets of the surfaces come after this one, but `!important` wins anyway: no
  // pulse, no transition for visitors who asked for less motion.
  "@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;" +
  "transition:none!important;scroll-behavior:auto!important}}";
