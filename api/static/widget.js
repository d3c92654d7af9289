/*!
 * SEN support guide – embeddable chat widget.
 *
 * Embed with one tag (see api/static/EMBEDDING.md):
 *   <script src="https://assistant.example.gov.uk/widget.js"
 *           data-api="https://assistant.example.gov.uk"
 *           data-council="Example County Council" defer></script>
 *
 * Self-contained and dependency-free: no third-party requests, no cookies (every request is sent
 * with credentials "omit"). The tab's sessionStorage keeps only what the server stored (the
 * parent's words with personal identifiers redacted, never what was typed), and the
 * conversation id only when the page is on the assistant's own origin: on a council's page the
 * id, the parent's only credential, lives in this script's memory (see EMBEDDING.md).
 * Everything is drawn inside an open Shadow DOM so the host page's styles cannot reach in and ours
 * cannot leak out.
 */
/* Generated from frontend/src by frontend/build.mjs (`make widget`): edit the sources, not this file. */
'use strict';
(()=>{var k=`/* Hidden on screen, still read by screen readers: GOV.UK Frontend's visually hidden utility
   (helpers/_visually-hidden.scss). Shared by the widget (inside its Shadow DOM) and the adviser
   console. \`clip\` is kept for browsers without \`clip-path\`. */
.sen-visually-hidden {
  position: absolute !important;
  width: 1px !important;
  height: 1px !important;
  margin: 0 !important;
  padding: 0 !important;
  overflow: hidden !important;
  clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important;
  border: 0 !important;
  white-space: nowrap !important;
}
`;var f=class{constructor(e){this.base=e}request(e,t,s,n){let o=window.AbortController?new AbortController:null,c=o?window.setTimeout(()=>o.abort(),n||45e3):null,a={method:e,credentials:"omit",cache:"no-store",headers:{Accept:"application/json"},signal:o?o.signal:void 0};return s!==void 0&&(a.headers["Content-Type"]="application/json",a.body=JSON.stringify(s)),window.fetch(this.base+t,a).finally(()=>{c&&window.clearTimeout(c)})}};function p(r){return r.json().catch(()=>({}))}var C=`/* The widget's base: the reset against the host page, the theme's custom properties, and the
   buttons, links and focus style every component shares. Components' own rules are in
   components/<name>/<name>.css, the visually hidden utility in ../common/. */

/* all: initial stops the host page's inherited styles (font, colour, line-height) reaching in;
   custom properties are not reset by 'all', so the theming properties still inherit. */
:host {
  all: initial;
}

.sen-chat {
  --_brand: var(--sen-chat-brand, #1d70b8);
  --_brand-text: var(--sen-chat-brand-text, #ffffff);
  --_focus: var(--sen-chat-focus, #ffdd00);
  --_text: #0b0c0c;
  --_secondary: #505a5f;
  --_error: #d4351c;
  --_surface: #f3f2f1;
  font-family: var(--sen-chat-font, system-ui, -apple-system, "Segoe UI", Arial, sans-serif);
  font-size: 1em;
  line-height: 1.4;
  color: var(--_text);
}

.sen-chat *, .sen-chat *::before, .sen-chat *::after {
  box-sizing: border-box;
}

.sen-chat [hidden] {
  display: none !important;
}

/* Buttons are 44px tall, the small ones at least 35px: WCAG 2.5.8 asks for 24px, thumbs and
   tremors need more. */
:where(.sen-chat) button {
  font: inherit;
  font-size: 1em;
  line-height: 1.25;
  min-height: 2.75em;
  min-width: 2.75em;
  margin: 0;
  padding: 0.5em 0.75em;
  border: 2px solid transparent;
  border-radius: 0;
  cursor: pointer;
  color: var(--_text);
  background: var(--_surface);
  box-shadow: 0 2px 0 #929191;
}

:where(.sen-chat) button:hover {
  background: #dbdad9;
}

:where(.sen-chat) a {
  color: #1d70b8;
  text-decoration: underline;
  text-decoration-thickness: max(1px, .0625em);
  text-underline-offset: .15em;
  overflow-wrap: anywhere;
}

:where(.sen-chat) a:hover {
  color: #003078;
  text-decoration-thickness: max(3px, .1875em);
}

/* GOV.UK Frontend focus style: yellow fill with a dark underline, visible on any background. */
.sen-chat a:focus-visible {
  outline: 3px solid transparent;
  color: #0b0c0c;
  background-color: var(--_focus);
  box-shadow: 0 -2px var(--_focus), 0 4px #0b0c0c;
  text-decoration: none;
}

.sen-chat button:focus-visible {
  outline: 3px solid transparent;
  outline-offset: 0;
  color: #0b0c0c;
  background-color: var(--_focus);
  border-color: var(--_focus);
  box-shadow: inset 0 0 0 1px var(--_focus), 0 2px 0 #0b0c0c;
}

.sen-chat button:focus-visible .sen-chat__icon {
  fill: #0b0c0c;
}
`;var E=`/* The chat panel and its launcher: header, conversation, composer, and how they reflow on
   phones, at 400% zoom and in forced colours. */

.sen-chat__launcher {
  position: fixed;
  right: 1em;
  bottom: 1em;
  z-index: var(--sen-chat-z-index, 2147483000);
  display: inline-flex;
  align-items: center;
  gap: 0.5em;
  max-width: calc(100vw - 2em);
  padding: 0.625em 1em;
  font-weight: 700;
  color: var(--_brand-text);
  background: var(--_brand);
  border-radius: 1.5em;
  box-shadow: 0 2px 6px rgba(11, 12, 12, 0.35);
}

.sen-chat__launcher:hover {
  background: var(--_brand);
  filter: brightness(0.9);
}

.sen-chat__launcher:focus-visible {
  border-radius: 1.5em;
  filter: none;
}

.sen-chat__icon {
  width: 1.5em;
  height: 1.5em;
  flex: none;
  fill: currentColor;
}

.sen-chat__panel {
  position: fixed;
  right: 1em;
  bottom: 1em;
  z-index: var(--sen-chat-z-index, 2147483000);
  display: flex;
  flex-direction: column;
  width: min(28em, calc(100vw - 2em));
  height: min(44em, calc(100vh - 2em));
  background: #ffffff;
  border: 2px solid var(--_text);
  box-shadow: 0 4px 16px rgba(11, 12, 12, 0.35);
  overflow: hidden;
  overflow: clip;
}

.sen-chat__header {
  display: flex;
  align-items: flex-start;
  gap: 0.5em;
  padding: 0.5em 0.5em 0.5em 1em;
  color: var(--_brand-text);
  background: var(--_brand);
}

.sen-chat__heading {
  flex: 1;
  min-width: 0;
}

.sen-chat__title {
  margin: 0.25em 0 0;
  font-size: 1.1875em;
  font-weight: 700;
  line-height: 1.3;
}

.sen-chat__subtitle {
  margin: 0 0 0.25em;
  font-size: 0.875em;
}

.sen-chat__close {
  flex: none;
  color: var(--_brand-text);
  background: transparent;
  box-shadow: none;
  border-color: var(--_brand-text);
}

.sen-chat__close:hover {
  background: rgba(255, 255, 255, 0.15);
}

.sen-chat__help {
  margin: 0;
  padding: 0.25em 1em;
  border-bottom: 1px solid #b1b4b6;
}

.sen-chat__human {
  display: inline-flex;
  align-items: center;
  min-height: 2.75em;
  font-weight: 700;
}

.sen-chat__tools {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5em;
  margin: 1em 0 0;
  padding-top: 0.75em;
  border-top: 1px solid #b1b4b6;
}

.sen-chat__tools button {
  font-size: 0.875em;
  padding: 0.375em 0.625em;
  min-height: 2.75em;
}

.sen-chat__confirm {
  margin: 0.75em 0 0;
  padding: 0.75em;
  border: 2px solid #0b0c0c;
  background: #fff7bf;
}

.sen-chat__confirm p {
  margin: 0 0 0.5em;
  font-weight: 700;
}

.sen-chat__confirm-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5em;
}

.sen-chat__button--warning {
  color: #ffffff;
  background: var(--_error);
  box-shadow: 0 2px 0 #55150b;
}

.sen-chat__button--warning:hover {
  background: #aa2a16;
}

/* position: relative keeps the visually hidden "You said:" labels inside this scroller; without
   it they overflowed the panel, and scrolling to a new reply pushed the title bar off screen. */
.sen-chat__body {
  position: relative;
  background: #ffffff;
  flex: 1 1 auto;
  min-height: 0;
  overflow-y: auto;
  overscroll-behavior: contain;
  padding: 0.75em 1em;
}

.sen-chat__notice {
  margin: 0 0 0.75em;
  padding-left: 0.75em;
  border-left: 4px solid #b1b4b6;
  color: var(--_secondary);
  font-size: 0.875em;
}

.sen-chat__intro {
  margin: 0 0 0.75em;
}

.sen-chat__status {
  margin: 0 0 0.75em;
  font-weight: 700;
}

.sen-chat__messages {
  list-style: none;
  margin: 0;
  padding: 0;
}

.sen-chat__message {
  margin: 0 0 0.75em;
  overflow-wrap: anywhere;
}

.sen-chat__bubble {
  display: block;
  max-width: 92%;
  padding: 0.5em 0.75em;
  border-radius: 0.75em;
}

.sen-chat__message--user .sen-chat__bubble {
  margin-left: auto;
  width: fit-content;
  color: var(--_brand-text);
  background: var(--_brand);
  border-bottom-right-radius: 0;
  white-space: pre-wrap;
}

.sen-chat__message--bot .sen-chat__bubble {
  background: var(--_surface);
  border-bottom-left-radius: 0;
}

.sen-chat__paragraph {
  margin: 0 0 0.5em;
}

.sen-chat__paragraph:last-child {
  margin-bottom: 0;
}

.sen-chat__list {
  margin: 0 0 0.5em;
  padding-left: 1.25em;
}

.sen-chat__list:last-child {
  margin-bottom: 0;
}

.sen-chat__list li {
  margin-bottom: 0.25em;
}

.sen-chat__quick-replies {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5em;
  margin: 0.5em 0 0;
  padding: 0;
  list-style: none;
}

.sen-chat__quick-reply {
  color: var(--_brand);
  background: #ffffff;
  border-color: var(--_brand);
  border-radius: 1.375em;
  box-shadow: none;
  text-align: left;
}

.sen-chat__quick-reply:hover {
  background: var(--_surface);
}

.sen-chat__quick-reply:focus-visible {
  border-radius: 1.375em;
}

.sen-chat__feedback {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5em;
  margin-top: 0.375em;
  font-size: 0.875em;
  color: var(--_secondary);
}

.sen-chat__feedback-question {
  margin: 0;
}

.sen-chat__feedback button {
  min-height: 2.5em;
  padding: 0.25em 0.625em;
  font-size: 1em;
}

.sen-chat__feedback button[aria-pressed="true"] {
  color: #ffffff;
  background: #00703c;
  box-shadow: 0 2px 0 #002d18;
}

.sen-chat__feedback-thanks {
  margin: 0;
  color: var(--_text);
}

.sen-chat__typing {
  display: flex;
  align-items: center;
  gap: 0.5em;
  margin: 0 0 0.75em;
  color: var(--_secondary);
}

.sen-chat__dots {
  display: inline-flex;
  gap: 0.25em;
}

.sen-chat__dots span {
  width: 0.5em;
  height: 0.5em;
  border-radius: 50%;
  background: var(--_secondary);
  animation: sen-chat-bounce 1.2s infinite ease-in-out;
}

.sen-chat__dots span:nth-child(2) {
  animation-delay: 0.15s;
}

.sen-chat__dots span:nth-child(3) {
  animation-delay: 0.3s;
}

@keyframes sen-chat-bounce {
  0%, 80%, 100% {
    opacity: 0.3;
    transform: translateY(0);
  }
  40% {
    opacity: 1;
    transform: translateY(-0.25em);
  }
}

.sen-chat__error:empty {
  display: none;
}

.sen-chat__error {
  margin: 0 0 0.75em;
  padding: 0.75em;
  border: 4px solid var(--_error);
}

.sen-chat__error-title {
  margin: 0 0 0.5em;
  font-size: 1em;
  font-weight: 700;
}

.sen-chat__error .sen-chat__paragraph, .sen-chat__error .sen-chat__list {
  margin-bottom: 0.5em;
}

.sen-chat__composer {
  padding: 0.75em 1em 1em;
  border-top: 1px solid #b1b4b6;
  background: #ffffff;
}

.sen-chat__label {
  display: block;
  margin-bottom: 0.25em;
  font-weight: 700;
}

.sen-chat__hint {
  margin: 0 0 0.25em;
  color: var(--_secondary);
  font-size: 0.875em;
}

.sen-chat__input-error {
  margin: 0 0 0.25em;
  color: var(--_error);
  font-weight: 700;
}

/* With large text the Send button wraps under the box instead of squeezing it. */
.sen-chat__row {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5em;
  align-items: flex-end;
}

.sen-chat__input {
  flex: 1 1 12em;
  min-width: 0;
  min-height: 2.75em;
  max-height: 10em;
  margin: 0;
  padding: 0.3125em;
  font: inherit;
  font-size: 1em;
  color: var(--_text);
  background: #ffffff;
  border: 2px solid var(--_text);
  border-radius: 0;
  resize: vertical;
}

.sen-chat__input:focus {
  outline: 3px solid var(--_focus);
  outline-offset: 0;
  box-shadow: inset 0 0 0 2px;
}

.sen-chat__input--error {
  border-color: var(--_error);
}

.sen-chat__input--error:focus {
  border-color: var(--_text);
}

.sen-chat__send {
  color: var(--_brand-text);
  background: var(--_brand);
  box-shadow: 0 2px 0 #0b0c0c;
  font-weight: 700;
}

.sen-chat__send:hover {
  background: var(--_brand);
  filter: brightness(0.9);
}

.sen-chat__send:focus-visible {
  filter: none;
}

.sen-chat__count {
  margin: 0.25em 0 0;
  color: var(--_secondary);
  font-size: 0.875em;
}

.sen-chat__count--error {
  color: var(--_error);
  font-weight: 700;
}

/* Phones, and desktops zoomed to 400% (1280px becomes 320 CSS px): take the whole viewport. */
@media (max-width: 40em) {
  .sen-chat__panel {
    inset: 0;
    width: auto;
    height: auto;
    border: 0;
    box-shadow: none;
  }
  .sen-chat__launcher {
    right: 0.5em;
    bottom: 0.5em;
    max-width: calc(100vw - 1em);
  }
}

/* Short viewports (landscape phones, 400% zoom): one scrolling column instead of a squeezed
   message list, so nothing is clipped and the page only ever scrolls vertically. */
@media (max-height: 32em) {
  .sen-chat__panel {
    inset: 0;
    width: auto;
    height: auto;
    overflow-y: auto;
    border: 0;
  }
  .sen-chat__body {
    flex: none;
    overflow: visible;
  }
}

@media (prefers-reduced-motion: reduce) {
  .sen-chat *, .sen-chat *::before, .sen-chat *::after {
    animation: none !important;
    transition: none !important;
    scroll-behavior: auto !important;
  }
  .sen-chat__dots span {
    opacity: 1;
  }
}

@media (forced-colors: active) {
  .sen-chat__bubble {
    border: 1px solid CanvasText;
  }
  .sen-chat__dots span {
    background: CanvasText;
  }
  .sen-chat__icon {
    fill: ButtonText;
  }
}
`;var N="http://www.w3.org/2000/svg";function i(r,e,t){let s=document.createElement(r);for(let[n,o]of Object.entries(e||{}))o==null||o===!1||(n==="text"?s.textContent=o:n==="className"?s.className=o:s.setAttribute(n,o===!0?"":String(o)));for(let n of t||[])n&&s.appendChild(typeof n=="string"?document.createTextNode(n):n);return s}function S(r,e){let t=document.createElementNS(N,"svg");t.setAttribute("class",r),t.setAttribute("viewBox","0 0 24 24"),t.setAttribute("aria-hidden","true"),t.setAttribute("focusable","false");let s=document.createElementNS(N,"path");return s.setAttribute("d",e),t.appendChild(s),t}function L(){return!!(window.matchMedia&&window.matchMedia("(prefers-reduced-motion: reduce)").matches)}var P=["http:","https:","mailto:","tel:"],F=new RegExp([/\*\*([^*]+?)\*\*/.source,/\[([^\]]+)\]\(([^)\s]+)\)/.source,/(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/.source,/([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/.source].join("|"),"g"),D=/^\+?[0-9][0-9 ()-]{1,18}[0-9]$/,T=/^\s*[-*•]\s+/,I=/^\s*\d+[.)]\s+/;function G(r){try{let e=new URL(r,document.baseURI);return P.indexOf(e.protocol)>=0?e.href:null}catch(e){return null}}function x(r,e,t){let s=0;e.replace(F,(n,o,c,a,l,h,d)=>{if(d>s&&r.appendChild(document.createTextNode(e.slice(s,d))),s=d+n.length,o!==void 0){if(!t)return r.appendChild(document.createTextNode(n)),n;let b=i("strong",{className:"sen-chat__bold"});return D.test(o)?b.appendChild(i("a",{className:"sen-chat__link",href:"tel:"+o.replace(/[^0-9+]/g,""),text:o})):x(b,o,!1),r.appendChild(b),n}if(h!==void 0)return r.appendChild(i("a",{className:"sen-chat__link",href:"mailto:"+h,text:h})),n;let u=G(a!==void 0?a:l);return u?(r.appendChild(i("a",{className:"sen-chat__link",href:u,rel:"noopener noreferrer"},[c!==void 0?c:l])),n):(r.appendChild(document.createTextNode(c!==void 0?c:n)),n)}),s<e.length&&r.appendChild(document.createTextNode(e.slice(s)))}function w(r){let e=document.createDocumentFragment(),t=String(r||"").replace(/\r\n?/g,`
`).split(/\n\s*\n/);for(let s of t){let n=s.split(`
`).filter(a=>a.trim()!==""),o=null,c=null;for(let a of n){let l=T.test(a)?"ul":I.test(a)?"ol":null;if(l){o=null,(!c||c.tagName.toLowerCase()!==l)&&(c=i(l,{className:"sen-chat__list sen-chat__list--"+l}),e.appendChild(c));let h=i("li");x(h,a.replace(l==="ul"?T:I,""),!0),c.appendChild(h);continue}c=null,o?o.appendChild(i("br")):(o=i("p",{className:"sen-chat__paragraph"}),e.appendChild(o)),x(o,a.trim(),!0)}}return e}function m(r){return String(r||"").replace(/\*\*([^*]+?)\*\*/g,"$1").replace(/\[([^\]]+)\]\(([^)\s]+)\)/g,"$1 ($2)")}function v(){return{version:1,sessionId:null,log:[]}}function V(r){return r.from!=="user"?r:typeof r.stored!="string"?null:{id:r.id,from:"user",text:r.stored,stored:r.stored}}var g=class{constructor(e,t){this.key="sen-chat:v1:"+e,this.keepId=t}load(){try{let e=JSON.parse(window.sessionStorage.getItem(this.key)||"null");if(e&&e.version===1&&Array.isArray(e.log)&&typeof e.sessionId=="string")return e}catch(e){}return v()}save(e){if(this.keepId)try{window.sessionStorage.setItem(this.key,JSON.stringify({version:1,sessionId:e.sessionId,log:e.log.map(V).filter(Boolean)}))}catch(t){}}forget(){try{window.sessionStorage.removeItem(this.key)}catch(e){}}};function B(r,e){let t=[];return r.filter(s=>s&&typeof s.text=="string").map(s=>{let n=s.sender==="user"?"You":e;if(s.sender==="user"){let c=t.filter(a=>a.payload===s.text)[0];c&&(s={sender:"user",text:c.title})}else s.buttons&&s.buttons.length&&(t=s.buttons);let o=(s.buttons||[]).map(c=>c.title).join(" / ");return n+`:
`+m(s.text)+(o?`
Options: `+o:"")+`
`})}var j=5e3,H=15e3,W="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9.5L5 21.5V18H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z",K="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z";function A(r){return S("sen-chat__icon",r)}function y(r){return r.toLocaleString("en-GB")}function R(){return Date.now().toString(36)+Math.random().toString(36).slice(2,8)}function J(r,e){try{let t=new CSSStyleSheet;t.replaceSync(e),r.adoptedStyleSheets=[t]}catch(t){r.appendChild(i("style",{text:e}))}}var _=class{constructor(e,{store:t,api:s,css:n}){this.config=e,this.store=t,this.api=s,this.state=t.load(),this.pending=!1,this.lastFailed=null,this.slowTimers=[],this.countTimer=null,this.host=document.createElement("sen-chat-widget"),this.host.setAttribute("data-module","sen-chat"),this.root=this.host.attachShadow({mode:"open"}),J(this.root,n),this.build(),this.listen(),this.updateCount(),this.countSpoken.textContent="",this.render(),this.readLimitFromApi()}readLimitFromApi(){this.api.request("GET","/api/v1/widget-config").then(e=>e.ok?p(e):{}).then(e=>{e&&typeof e.max_message_chars=="number"&&e.max_message_chars>0&&(this.config.messageLimit=e.max_message_chars,this.count.textContent=this.countMessage())}).catch(()=>{})}build(){let e=this.config;this.launcherText=i("span",{className:"sen-chat__launcher-text"}),this.launcher=i("button",{className:"sen-chat__launcher",type:"button","aria-haspopup":"dialog","aria-expanded":"false"},[A(W),this.launcherText]),this.closeButton=i("button",{className:"sen-chat__close",type:"button","aria-label":"Close "+e.title},[A(K)]);let t=i("div",{className:"sen-chat__header"},[i("div",{className:"sen-chat__heading"},[i("h2",{className:"sen-chat__title",id:"sen-chat-title",text:e.title}),e.council?i("p",{className:"sen-chat__subtitle",text:e.council}):null]),this.closeButton]);this.humanLink=e.helpUrl?i("a",{className:"sen-chat__human",href:e.helpUrl,text:e.helpLabel}):null,this.restartButton=i("button",{type:"button",className:"sen-chat__restart",text:"Start again"}),this.downloadButton=i("button",{type:"button",className:"sen-chat__download",text:"Download transcript"}),this.deleteButton=i("button",{type:"button",className:"sen-chat__delete",text:"Delete my conversation"});let s=this.humanLink?i("p",{className:"sen-chat__help"},[this.humanLink]):null;this.tools=i("div",{className:"sen-chat__tools",role:"group","aria-label":"Conversation options"},[this.restartButton,this.downloadButton,this.deleteButton]),this.confirmYes=i("button",{type:"button",className:"sen-chat__button--warning sen-chat__confirm-yes",text:"Yes, delete it"}),this.confirmNo=i("button",{type:"button",className:"sen-chat__confirm-no",text:"Cancel"}),this.confirmBox=i("div",{className:"sen-chat__confirm",role:"group","aria-labelledby":"sen-chat-confirm-text",hidden:!0},[i("p",{id:"sen-chat-confirm-text",text:"Delete this conversation from this device and from our records? This cannot be undone."}),i("div",{className:"sen-chat__confirm-actions"},[this.confirmYes,this.confirmNo])]);let n=i("p",{className:"sen-chat__notice",id:"sen-chat-notice",text:"This is an automated guide, not a person. Please do not type names or other details that could identify you or your child."});this.intro=i("p",{className:"sen-chat__intro",text:'Ask about support at school for children with special educational needs (SEN), in your own words. For example: "What is SEN support?" or "How often should the school meet me?"'}),this.statusLine=i("p",{className:"sen-chat__status",tabindex:"-1",hidden:!0}),this.messageList=i("ol",{className:"sen-chat__messages","aria-label":"Conversation"}),this.typingText=i("span",{className:"sen-chat__typing-text"}),this.typing=i("div",{className:"sen-chat__typing",hidden:!0},[i("span",{className:"sen-chat__dots","aria-hidden":"true"},[i("span"),i("span"),i("span")]),this.typingText]),this.errorBox=i("div",{className:"sen-chat__error",role:"alert"});let o=i("div",{className:"sen-chat__body"},[n,this.intro,this.statusLine,this.messageList,this.typing,this.errorBox,this.tools,this.confirmBox]);this.input=i("textarea",{className:"sen-chat__input",id:"sen-chat-input",name:"message",rows:"2",autocomplete:"off",spellcheck:"true","aria-describedby":"sen-chat-hint sen-chat-count"}),this.inputError=i("p",{className:"sen-chat__input-error",id:"sen-chat-input-error",hidden:!0}),this.count=i("p",{className:"sen-chat__count",id:"sen-chat-count","aria-hidden":"true"}),this.countSpoken=i("p",{className:"sen-visually-hidden","aria-live":"polite"}),this.sendButton=i("button",{type:"submit",className:"sen-chat__send",text:"Send"}),this.composer=i("form",{className:"sen-chat__composer",novalidate:!0},[i("label",{className:"sen-chat__label",for:"sen-chat-input",text:"Your question"}),i("p",{className:"sen-chat__hint",id:"sen-chat-hint",text:"Press Enter to send, or Shift and Enter for a new line."}),this.inputError,i("div",{className:"sen-chat__row"},[this.input,this.sendButton]),this.count,this.countSpoken]),this.liveRegion=i("div",{className:"sen-visually-hidden sen-chat__live","aria-live":"polite","aria-atomic":"true"}),this.panel=i("div",{className:"sen-chat__panel",id:"sen-chat-panel",role:"dialog","aria-modal":"true","aria-labelledby":"sen-chat-title","aria-describedby":"sen-chat-notice",hidden:!0},[t,s,o,this.composer,this.liveRegion]),this.root.appendChild(i("div",{className:"sen-chat",lang:"en-GB"},[this.launcher,this.panel]))}listen(){this.launcher.addEventListener("click",()=>this.open()),this.closeButton.addEventListener("click",()=>this.close()),this.restartButton.addEventListener("click",()=>{this.resetConversation("You have started a new conversation."),this.input.focus()}),this.downloadButton.addEventListener("click",()=>this.downloadTranscript()),this.deleteButton.addEventListener("click",()=>this.askToDelete()),this.confirmNo.addEventListener("click",()=>this.closeConfirm(!0)),this.confirmYes.addEventListener("click",()=>this.deleteConversation()),this.humanLink&&this.humanLink.addEventListener("click",()=>{let e=new URL(this.config.helpUrl);e.origin+e.pathname===window.location.origin+window.location.pathname&&this.close()}),this.panel.addEventListener("keydown",e=>this.onPanelKeydown(e)),this.input.addEventListener("input",()=>this.updateCount()),this.input.addEventListener("keydown",e=>{e.key==="Enter"&&!e.shiftKey&&!e.isComposing&&(e.preventDefault(),this.submit())}),this.composer.addEventListener("submit",e=>{e.preventDefault(),this.submit()})}mount(){document.body.appendChild(this.host)}save(){this.store.save(this.state)}updateLauncher(){let e=this.state.log;this.tools.hidden=e.length===0,this.intro.hidden=!this.tools.hidden,this.tools.hidden&&(this.confirmBox.hidden=!0),this.launcherText.textContent=e.length?"Continue your conversation":"Ask about SEN support"}renderMessage(e,t){let s=i("li",{className:"sen-chat__message sen-chat__message--"+e.from,"data-message-id":e.id}),n=i("div",{className:"sen-chat__bubble"},[i("span",{className:"sen-visually-hidden",text:e.from==="user"?"You said: ":this.config.title+" said: "})]);if(e.from==="user"?n.appendChild(document.createTextNode(e.text)):n.appendChild(w(e.text)),s.appendChild(n),e.from==="bot"&&t&&e.buttons&&e.buttons.length){let o=i("ul",{className:"sen-chat__quick-replies","aria-label":"Suggested replies"});for(let c of e.buttons){let a=i("button",{type:"button",className:"sen-chat__quick-reply",text:c.title});a.addEventListener("click",()=>{this.input.focus(),this.send(c.payload,c.title)}),o.appendChild(i("li",{},[a]))}s.appendChild(o)}return e.from==="bot"&&e.endOfReply&&s.appendChild(this.renderFeedback(e)),s}renderFeedback(e){let t=i("div",{className:"sen-chat__feedback",role:"group","aria-label":"Was this answer helpful?"});t.appendChild(i("p",{className:"sen-chat__feedback-question","aria-hidden":"true",text:"Was this helpful?"}));let s=[["helpful","Helpful"],["not_helpful","Not helpful"]];for(let[n,o]of s){let c=i("button",{type:"button",className:"sen-chat__feedback-"+n.replace("_","-"),"aria-pressed":e.feedback===n?"true":"false",text:o});c.addEventListener("click",()=>this.giveFeedback(e,n)),t.appendChild(c)}return e.feedback&&t.appendChild(i("p",{className:"sen-chat__feedback-thanks",text:"Thank you for your feedback."})),t}lastBotIndex(){let e=this.state.log;for(let t=e.length-1;t>=0;t-=1)if(e[t].from==="bot")return t;return-1}render(){let e=this.state.log,t=this.lastBotIndex(),s=t<e.length-1,n=null,o=null,c=this.root.activeElement;if(c&&this.messageList.contains(c)){let a=c.closest("[data-message-id]");n=a&&a.getAttribute("data-message-id"),o=c.className}if(this.messageList.textContent="",e.forEach((a,l)=>{this.messageList.appendChild(this.renderMessage(a,l===t&&!s))}),n){let a=this.messageList.querySelector('[data-message-id="'+n+'"] .'+String(o).split(" ")[0]);a&&a.focus()}this.updateLauncher()}scrollToMessage(e){let t=this.messageList.querySelector('[data-message-id="'+e+'"]');t&&t.scrollIntoView({block:"start",behavior:L()?"auto":"smooth"})}announce(e){this.liveRegion.textContent="",window.setTimeout(()=>{this.liveRegion.textContent=e},50)}showStatus(e){this.statusLine.textContent=e,this.statusLine.hidden=!e}clearError(){this.errorBox.textContent=""}showTyping(e){if(this.slowTimers.forEach(s=>window.clearTimeout(s)),this.slowTimers=[],this.typing.hidden=!e,!e)return;let t=this.typingText;t.textContent="The guide is writing a reply…",this.typing.scrollIntoView({block:"nearest"}),this.slowTimers.push(window.setTimeout(()=>{t.textContent="Still working on your answer. Thank you for waiting.",this.announce(t.textContent)},j),window.setTimeout(()=>{t.textContent="This is taking longer than usual. You can keep waiting, or talk to a person instead.",this.announce(t.textContent)},H))}showError(e,t){let s=this.config,n=this.errorBox;this.clearError();let o=e==="offline"?"Sorry, we could not connect to the guide":e==="busy"?"Sorry, too many messages":"The guide is not available right now";n.appendChild(i("h3",{className:"sen-chat__error-title",text:o})),e==="offline"?n.appendChild(i("p",{className:"sen-chat__paragraph",text:"Check your internet connection, then try again. Your conversation has been kept."})):e==="busy"&&n.appendChild(i("p",{className:"sen-chat__paragraph",text:"Please wait a minute, then try again."}));for(let a of t||[])a&&a.text&&n.appendChild(w(a.text));s.helpUrl&&(e==="offline"||!(t||[]).length)&&n.appendChild(i("p",{className:"sen-chat__paragraph"},[i("a",{className:"sen-chat__link",href:s.helpUrl,text:s.helpLabel})]));let c=i("button",{type:"button",className:"sen-chat__retry",text:"Try again"});c.addEventListener("click",()=>{if(!this.lastFailed)return;let a=this.lastFailed;this.input.focus(),this.send(a.text,null)}),n.appendChild(c),n.scrollIntoView({block:"nearest"})}showInputError(e){let t=this.input;this.inputError.textContent=e,this.inputError.hidden=!e,t.classList.toggle("sen-chat__input--error",!!e),e?t.setAttribute("aria-invalid","true"):t.removeAttribute("aria-invalid"),t.setAttribute("aria-describedby",(e?"sen-chat-input-error ":"")+"sen-chat-hint sen-chat-count")}countMessage(){let e=this.config.messageLimit-this.input.value.length;if(e>=0)return"You have "+y(e)+" character"+(e===1?"":"s")+" remaining";let t=-e;return"You have "+y(t)+" character"+(t===1?"":"s")+" too many"}updateCount(){let e=this.input.value.length>this.config.messageLimit;this.count.textContent=this.countMessage(),this.count.classList.toggle("sen-chat__count--error",e),this.input.classList.toggle("sen-chat__input--error",e||!this.inputError.hidden),!e&&!this.inputError.hidden&&this.showInputError(""),window.clearTimeout(this.countTimer),this.countTimer=window.setTimeout(()=>{this.countSpoken.textContent=this.countMessage()},1e3)}addBotMessages(e,t){let s=e.filter(n=>n&&typeof n.text=="string"&&n.text.trim()!=="");return s.forEach((n,o)=>{this.state.log.push({id:R(),from:"bot",text:n.text,buttons:Array.isArray(n.buttons)?n.buttons.filter(c=>c&&c.title&&c.payload):[],endOfReply:o===s.length-1,turnId:typeof t=="number"?t:null})}),s}send(e,t,s){if(this.pending)return this.showInputError("Please wait for the answer to your last message."),Promise.resolve();this.showInputError(""),this.showStatus(""),this.clearError();let n=this.state.log.length,o=null;t!==null?(o={id:R(),from:"user",text:t},t!==e&&(o.stored=t),this.state.log.push(o),this.render()):o=this.lastUnstoredUserEntry(),this.pending=!0,this.sendButton.setAttribute("aria-disabled","true"),this.deleteButton.disabled=!0,this.confirmYes.disabled=!0,this.showTyping(!0);let c={message:e};return this.state.sessionId&&(c.session_id=this.state.sessionId),this.api.request("POST","/api/v1/chat",c).then(a=>p(a).then(l=>({status:a.status,data:l}))).then(a=>{this.finishSending();let l=this.state;if(typeof a.data.session_id=="string"&&(l.sessionId=a.data.session_id),o&&typeof a.data.user_text=="string"&&(o.stored=a.data.user_text,this.save()),a.status===200&&Array.isArray(a.data.messages)){this.lastFailed=null;let h=this.addBotMessages(a.data.messages,a.data.turn_id);if(!h.length){this.lastFailed={text:e},this.showError("unavailable",[]);return}this.save(),this.render();let d=l.log[n+(t!==null?1:0)];d&&this.scrollToMessage(d.id),this.announce(this.config.title+" said: "+h.map(u=>m(u.text)).join(" "));return}if(a.status===404&&c.session_id&&!s)return l.sessionId=null,this.save(),this.send(e,null,!0);this.lastFailed={text:e},a.status===429||a.status===409?this.showError("busy",[]):a.status>=400&&a.status<500&&a.status!==408?(this.lastFailed=null,this.showInputError(typeof a.data.detail=="string"?"Sorry, that message could not be sent: "+a.data.detail:"Sorry, that message could not be sent. Please try rewording it.")):this.showError("unavailable",a.data.messages)},()=>{this.finishSending(),this.lastFailed={text:e},this.showError("offline",[])})}finishSending(){this.pending=!1,this.sendButton.removeAttribute("aria-disabled"),this.deleteButton.disabled=!1,this.confirmYes.disabled=!1,this.showTyping(!1)}lastUnstoredUserEntry(){let e=this.state.log;for(let t=e.length-1;t>=0;t-=1){let s=e[t];if(s.from==="user")return typeof s.stored=="string"?null:s}return null}giveFeedback(e,t){e.feedback=t,this.save(),this.render();let s=this.state.sessionId;if(!s)return;let n={helpful:t==="helpful"};e.turnId&&(n.turn_id=e.turnId),this.api.request("POST","/api/v1/sessions/"+encodeURIComponent(s)+"/feedback",n).then(o=>{this.announce(o.ok?"Thank you for your feedback.":"Sorry, we could not save your feedback.")}).catch(()=>{this.announce("Sorry, we could not save your feedback.")})}downloadTranscript(){let e=this.config,t=this.state.sessionId;return(t?this.api.request("GET","/api/v1/sessions/"+encodeURIComponent(t)+"/transcript").then(n=>n.ok?p(n):null).catch(()=>null):Promise.resolve(null)).then(n=>{let o=new Date().toISOString().slice(0,10),c=n&&n.turns;Array.isArray(c)||(c=this.state.log.map(u=>({sender:u.from,text:u.text,buttons:u.buttons})));let a=B(c,e.title);if(!a.length){this.showStatus("There is nothing to download yet.");return}let l=[e.title+(e.council?" – "+e.council:""),"Conversation transcript, downloaded "+o,""].concat(a).join(`
`),h=URL.createObjectURL(new Blob([l],{type:"text/plain;charset=utf-8"})),d=i("a",{href:h,download:"sen-support-conversation-"+o+".txt",hidden:!0});this.root.appendChild(d),d.click(),d.remove(),window.setTimeout(()=>URL.revokeObjectURL(h),1e4),this.announce("Your conversation has been downloaded as a text file.")})}resetConversation(e){this.state=v(),this.lastFailed=null,this.store.forget(),this.clearError(),this.render(),this.showStatus(e),this.announce(e)}askToDelete(){this.confirmBox.hidden=!1,this.confirmNo.focus()}closeConfirm(e){this.confirmBox.hidden=!0,e&&this.deleteButton.focus()}deleteConversation(){if(this.pending)return Promise.resolve();let e=this.state.sessionId;return this.deleteButton.disabled=!0,this.confirmYes.disabled=!0,(e?this.api.request("DELETE","/api/v1/sessions/"+encodeURIComponent(e)).then(s=>s.status===204||s.status===404?{ok:!0}:p(s).then(n=>({ok:!1,status:s.status,detail:n.detail}))):Promise.resolve({ok:!0})).catch(()=>({ok:!1})).then(s=>{this.deleteButton.disabled=!1,this.confirmYes.disabled=!1,this.closeConfirm(!1),s.ok?(this.resetConversation("Your conversation has been deleted."),this.statusLine.focus()):(this.showStatus(s.status===409&&typeof s.detail=="string"?s.detail:"Sorry, we could not delete your conversation. Please try again later."),this.announce(this.statusLine.textContent),this.deleteButton.focus())})}focusableElements(){return Array.prototype.filter.call(this.panel.querySelectorAll('a[href], button, textarea, [tabindex="0"]'),e=>!e.disabled&&e.getClientRects().length>0)}isOpen(){return!this.panel.hidden}open(){if(this.isOpen())return;this.panel.hidden=!1,this.launcher.hidden=!0,this.launcher.setAttribute("aria-expanded","true");let e=this.state.log[this.state.log.length-1];e&&this.scrollToMessage(e.id),this.input.focus()}close(){this.isOpen()&&(this.closeConfirm(!1),this.panel.hidden=!0,this.launcher.hidden=!1,this.launcher.setAttribute("aria-expanded","false"),this.launcher.focus())}onPanelKeydown(e){if(e.key==="Escape"){e.preventDefault(),this.confirmBox.hidden?this.close():this.closeConfirm(!0);return}if(e.key!=="Tab")return;let t=this.focusableElements();if(!t.length)return;let s=t[0],n=t[t.length-1],o=this.root.activeElement;e.shiftKey&&(o===s||!this.panel.contains(o))?(e.preventDefault(),n.focus()):!e.shiftKey&&(o===n||!this.panel.contains(o))&&(e.preventDefault(),s.focus())}submit(){let e=this.config.messageLimit,t=this.input.value.trim();if(!t){this.showInputError("Enter your question"),this.input.focus();return}if(t.length>e){this.showInputError("Your question must be "+y(e)+" characters or fewer"),this.input.focus();return}if(this.pending){this.showInputError("Please wait for the answer to your last message.");return}this.input.value="",this.updateCount(),this.send(t,t)}};function O(){return document.currentScript||document.querySelector('script[src*="widget.js"]')}function U(r){let e=r&&r.dataset||{},t=r&&r.src?new URL(r.src,document.baseURI):null,s=e.api?new URL(e.api,document.baseURI):t;return{api:s?s.href.replace(/\/+$/,""):window.location.origin,council:e.council||"",title:e.title||"SEN support guide",helpUrl:e.helpUrl?new URL(e.helpUrl,document.baseURI).href:"",helpLabel:e.helpLabel||"Talk to a person",messageLimit:1e3}}function z(r){try{return new URL(r.api).origin===window.location.origin}catch(e){return!1}}function $(){if(window.senChatWidget)return;let r=U(O()),e=new _(r,{store:new g(r.api,z(r)),api:new f(r.api),css:[C,k,E].join(`
`)});document.addEventListener("click",t=>{t.target&&t.target.closest&&t.target.closest("[data-sen-chat-open]")&&(t.preventDefault(),e.open())}),document.body?e.mount():document.addEventListener("DOMContentLoaded",()=>e.mount()),window.senChatWidget={open:()=>e.open(),close:()=>e.close()}}$();})();
