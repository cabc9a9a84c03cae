/**
 * The Photopea scripts Restyle sends, as pure string builders. Photopea runs them in its own
 * (Photoshop-like) scripting model; its engine lacks much of ES6, so the scripts are ES5.
 *
 * Every script is wrapped so its replies can be told apart from anything else on the channel:
 *   "restyle:<nonce>:begin", then any "restyle:<nonce>:data:<json>", then "restyle:<nonce>:end".
 * A thrown error becomes "restyle:<nonce>:error:<message>" before the end marker.
 * Values interpolated into a script are always JSON literals (names) or checked integers (paths).
 */

export const REPLY_PREFIX = "restyle:";

/** Layer path: indices from the document's top-level `layers` down through groups. */
export type LayerPath = readonly number[];

export function pathToId(path: LayerPath): string {
  return path.join("/");
}

/** Parses a layer id back into a path; null when it is not one this host made. */
export function idToPath(id: string): number[] | null {
  if (!/^\d{1,5}(\/\d{1,5}){0,15}$/.test(id)) return null;
  return id.split("/").map(Number);
}

function pathLiteral(path: LayerPath): string {
  if (!path.length || !path.every((i) => Number.isInteger(i) && i >= 0 && i < 100000)) {
    throw new Error(`invalid layer path ${JSON.stringify(path)}`);
  }
  return `[${path.join(",")}]`;
}

/**
 * A Photoshop enum value, or undefined where Photopea lacks the enum (it then uses its default),
 * so a missing constant cannot make the whole script throw.
 */
function en(name: string, key: string): string {
  return `(typeof ${name}!="undefined"?${name}.${key}:undefined)`;
}

function intLiteral(n: number, what: string): string {
  if (!Number.isInteger(n) || n < 0 || n > 1e9) throw new Error(`invalid ${what} ${n}`);
  return String(n);
}

/** Wraps a body in the begin/data/error/end protocol. `out(o)` echoes one JSON value. */
export function wrapScript(nonce: string, body: string): string {
  if (!/^[a-z0-9]{1,32}$/.test(nonce)) throw new Error(`invalid nonce ${nonce}`);
  const p = JSON.stringify(`${REPLY_PREFIX}${nonce}:`);
  return (
    `(function(){var P=${p};` +
    `function out(o){app.echoToOE(P+"data:"+JSON.stringify(o));}` +
    `app.echoToOE(P+"begin");` +
    // The body runs in its own function so an early `return` still reaches the end marker.
    `try{(function(){${body}})();}catch(e){app.echoToOE(P+"error:"+String(e&&e.message||e));}` +
    `app.echoToOE(P+"end");})();`
  );
}

/**
 * Helpers shared by the scripts (ES5). `kindOf` maps Photoshop's LayerKind onto our kinds; an
 * engine without LayerKind is treated as having only pixel layers and groups. Containers are told
 * apart by `typename` ("LayerSet" for groups): an ArtLayer has no `layers` property to probe.
 */
const HELPERS =
  `function num(x){return typeof x=="number"?x:parseFloat(String(x));}` +
  `function bnds(l){var b=l.bounds;return [num(b[0]),num(b[1]),num(b[2]),num(b[3])];}` +
  `function kindOf(l){if(l.typename=="LayerSet")return "group";` +
  `if(typeof LayerKind=="undefined")return "pixel";var K=LayerKind,v=l.kind;` +
  `function is(n){return K[n]!==undefined&&v==K[n];}` +
  `if(is("NORMAL"))return "pixel";if(is("SMARTOBJECT"))return "smart";if(is("TEXT"))return "text";` +
  `if(is("SOLIDFILL")||is("GRADIENTFILL")||is("PATTERNFILL"))return "fill";` +
  `if(is("VIDEO")||is("LAYER3D"))return "other";return "adjustment";}` +
  // The layers inside a group; null for anything else (documents are walked from d.layers).
  `function sub(l){return l.typename=="LayerSet"?l.layers:null;}` +
  `function at(d,p){var k=d.layers,c=null,i;for(i=0;i<p.length;i++){if(!k||p[i]>=k.length)return null;c=k[p[i]];k=sub(c);}return c;}` +
  `function countIn(k){var n=0,i,s;for(i=0;i<k.length;i++){n+=1;s=sub(k[i]);if(s)n+=countIn(s);}return n;}` +
  `function count(d){return countIn(d.layers);}` +
  `function pathIn(k,t,pre){var i,r,s;for(i=0;i<k.length;i++){var p=pre.concat([i]);if(k[i]==t)return p;` +
  `s=sub(k[i]);if(s){r=pathIn(s,t,p);if(r)return r;}}return null;}` +
  `function pathOf(d,t){return pathIn(d.layers,t,[]);}` +
  `function docNamed(n){var i;for(i=0;i<app.documents.length;i++)if(String(app.documents[i].name)===n)return app.documents[i];return null;}` +
  // A layer is looked up by path and checked by name, so a stale listing never touches the wrong layer.
  `function find(d,p,name){var l=at(d,p);if(!l||l.name!==name){out({error:"stale"});return null;}return l;}`;

/** Lists every layer of the active document (top to bottom, groups included) and which one is active. */
export function listLayersScript(nonce: string): string {
  return wrapScript(
    nonce,
    HELPERS +
      `if(!app.documents.length){out({document:null,layers:[]});return;}` +
      `var d=app.activeDocument,a=d.activeLayer,L=[];` +
      `function walk(c,pre){var i;for(i=0;i<c.layers.length;i++){var l=c.layers[i],p=pre.concat([i]),b=bnds(l);` +
      `L.push({path:p,name:String(l.name),kind:kindOf(l),bounds:b,visible:!!l.visible,active:l==a,background:l.typename!="LayerSet"&&!!l.isBackgroundLayer});` +
      `if(l.typename=="LayerSet")walk(l,p);}}` +
      `walk(d,[]);` +
      `out({document:{name:String(d.name),width:num(d.width),height:num(d.height)},layers:L});`,
  );
}

/**
 * Exports one layer as PNG without touching the user's document: the layer is duplicated into a
 * temporary transparent document the size of its bounds, shifted to its origin, scaled down to
 * maxSide, sent with saveToOE, and the temporary document is closed unsaved. The user's document
 * gets no History entry (hiding the other layers instead would add two per layer).
 */
export function exportLayerScript(nonce: string, path: LayerPath, name: string, maxSide: number): string {
  return wrapScript(
    nonce,
    HELPERS +
      `var d=app.activeDocument,l=find(d,${pathLiteral(path)},${JSON.stringify(name)});if(!l)return;` +
      `var b=bnds(l),w=Math.round(b[2]-b[0]),h=Math.round(b[3]-b[1]),M=${intLiteral(maxSide, "size")};` +
      `if(w<=0||h<=0){out({error:"empty"});return;}` +
      `var t=app.documents.add(w,h,72,"Restyle export",${en("NewDocumentMode", "RGB")},${en("DocumentFill", "TRANSPARENT")});` +
      `try{app.activeDocument=d;var c=l.duplicate(t,${en("ElementPlacement", "PLACEATBEGINNING")});app.activeDocument=t;` +
      // Only the copy stays in the temporary document, whatever its default fill was.
      `var i;for(i=t.layers.length-1;i>=0;i--)if(t.layers[i]!=c)t.layers[i].remove();` +
      `c.visible=true;c.translate(-b[0],-b[1]);` +
      `var s=Math.min(1,M/Math.max(w,h)),W=Math.max(1,Math.round(w*s)),H=Math.max(1,Math.round(h*s));` +
      `if(s<1)t.resizeImage(W,H);` +
      `t.saveToOE("png");out({width:W,height:H});` +
      `}finally{t.close(${en("SaveOptions", "DONOTSAVECHANGES")});app.activeDocument=d;}`,
  );
}

/** Name of the scratch document a result is placed into; checked, so only ours is ever touched. */
export function isScratchName(name: string): boolean {
  return /^Restyle scratch [a-z0-9]{1,24}$/.test(name);
}

function scratchLiteral(name: string): string {
  if (!isScratchName(name)) throw new Error(`invalid scratch document name ${name}`);
  return JSON.stringify(name);
}

/**
 * Step 1 of placing. The result goes first into a scratch document the size of the user's, so that
 * the Place, any transform, the rasterising and the naming are recorded in the scratch document's
 * History, not the user's; step 3 then copies the finished layer across in one step. Checks the
 * content layer, opens the scratch document (transparent, 72 ppi like a PNG without a pHYs chunk,
 * so Photopea's physical-size placement does not scale it) and places the PNG into it as a smart
 * object. Photopea loads the image asynchronously: "done" can arrive before the layer exists.
 */
export function placeOpenScript(nonce: string, contentPath: LayerPath, contentName: string, dataUri: string, scratch: string): string {
  if (!/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(dataUri)) throw new Error("not a PNG data URI");
  return wrapScript(
    nonce,
    HELPERS +
      `var d=app.activeDocument,l=find(d,${pathLiteral(contentPath)},${JSON.stringify(contentName)});if(!l)return;` +
      `var t=app.documents.add(num(d.width),num(d.height),72,${scratchLiteral(scratch)},${en("NewDocumentMode", "RGB")},${en("DocumentFill", "TRANSPARENT")});` +
      `app.activeDocument=t;out({count:count(t)});` +
      `app.open(${JSON.stringify(dataUri)},null,true);`,
  );
}

/** Step 2: how many layers the scratch document has now (-1 when it is gone). */
export function scratchCountScript(nonce: string, scratch: string): string {
  return wrapScript(nonce, HELPERS + `var t=docNamed(${scratchLiteral(scratch)});out({count:t?count(t):-1});`);
}

export interface PlaceTarget {
  scratch: string;
  /** Layers the scratch document must hold once the placed one is there. */
  expectCount: number;
  /** The user's document, found by name and checked by the content layer's path and name. */
  documentName: string;
  contentPath: LayerPath;
  contentName: string;
  /** Bounds of the content layer: [left, top, right, bottom] in document px. */
  bounds: readonly [number, number, number, number];
  name: string;
  /** Rasterise the result; otherwise it stays a smart object (as placed). */
  rasterize: boolean;
  /** An earlier result to delete once the new one is in place (a strength update), checked by name. */
  replace?: { path: LayerPath; name: string };
}

/**
 * Step 3: in the scratch document, scale the placed layer onto the content's bounds and move it
 * there (only where Photopea placed it elsewhere), rasterise it if asked, name it; then duplicate
 * it into the user's document directly above the content layer: one History step there
 * ("Duplicate Layer"), plus "Delete Layer" for the earlier result of a strength update. The
 * scratch document is always closed unsaved. A failure after the copy removes it again.
 */
export function placeFinishScript(nonce: string, target: PlaceTarget): string {
  const [l, t, r, b] = target.bounds.map((v) => Math.round(v));
  if (!(r > l && b > t)) throw new Error("empty target bounds");
  const E = en("ElementPlacement", "PLACEBEFORE");
  return wrapScript(
    nonce,
    HELPERS +
      `var t=docNamed(${scratchLiteral(target.scratch)});if(!t){out({error:"missing"});return;}` +
      `var d=null,c=null,n=null,i;for(i=0;i<app.documents.length;i++){var D=app.documents[i],C;` +
      `if(D!=t&&String(D.name)===${JSON.stringify(target.documentName)}){C=at(D,${pathLiteral(target.contentPath)});` +
      `if(C&&C.name===${JSON.stringify(target.contentName)}){d=D;c=C;break;}}}` +
      `try{if(!d){out({error:"stale"});return;}` +
      `app.activeDocument=t;var p=t.activeLayer,k=p?kindOf(p):"";` +
      `if(count(t)!==${intLiteral(target.expectCount, "count")}||(k!=="smart"&&k!=="pixel")){out({error:"missing"});return;}` +
      `var b=bnds(p),w=b[2]-b[0],h=b[3]-b[1];if(w<=0||h<=0)throw new Error("placed layer is empty");` +
      `var W=${intLiteral(r - l, "width")},H=${intLiteral(b - t, "height")};` +
      `if(Math.abs(w-W)>0.5||Math.abs(h-H)>0.5)p.resize(100*W/w,100*H/h,${en("AnchorPosition", "TOPLEFT")});` +
      `b=bnds(p);var dx=${l}-b[0],dy=${t}-b[1];if(Math.abs(dx)>0.5||Math.abs(dy)>0.5)p.translate(dx,dy);` +
      (target.rasterize ? `if(k==="smart")p.rasterize(${en("RasterizeType", "ENTIRELAYER")});` : "") +
      `p.name=${JSON.stringify(target.name)};` +
      // Into the user's document right above the content; where Photopea cannot duplicate relative to a
      // layer of another document, to the top of that document (then moved: one more step).
      `try{try{n=p.duplicate(c,${E});}catch(e1){n=null;}` +
      `if(!n||!pathOf(d,n))n=p.duplicate(d,${en("ElementPlacement", "PLACEATBEGINNING")});app.activeDocument=d;` +
      // Where a duplicate into another document lands is Photopea's choice: moved only if it is not above the content.
      `var np=pathOf(d,n),cp=pathOf(d,c);if(!np)throw new Error("the copy is not in the document");` +
      `if(np.join("/")!==cp.slice(0,-1).concat([cp[cp.length-1]-1]).join("/"))n.move(c,${E});` +
      // Where the copy went in, and whether the earlier result went out: a batch moves its other paths by both.
      `var ip=pathOf(d,n),rm=false;` +
      // The earlier result sits above the content, so inserting the new layer below it kept its path.
      (target.replace
        ? `var o=at(d,${pathLiteral(target.replace.path)});if(o&&o!=n&&o.name===${JSON.stringify(target.replace.name)}){o.remove();rm=true;}`
        : "") +
      `d.activeLayer=n;out({path:pathOf(d,n),inserted:ip,removed:rm,bounds:bnds(n)});` +
      `}catch(e){if(n){try{n.remove();}catch(e2){}}throw e;}` +
      `}finally{t.close(${en("SaveOptions", "DONOTSAVECHANGES")});if(d)app.activeDocument=d;}`,
  );
}

/**
 * Takes back a result a failed batch had already placed: deletes the layer at `path` of the named
 * document, only if it still has the name it was given (one Delete Layer step).
 */
export function removeLayerScript(nonce: string, documentName: string, path: LayerPath, name: string): string {
  return wrapScript(
    nonce,
    HELPERS +
      `var d=docNamed(${JSON.stringify(documentName)});if(!d){out({removed:false});return;}` +
      `var l=at(d,${pathLiteral(path)});if(!l||l.name!==${JSON.stringify(name)}){out({removed:false});return;}` +
      `l.remove();out({removed:true});`,
  );
}

/** Cleanup after a failed or timed-out place: closes the scratch document if it is still open. */
export function closeScratchScript(nonce: string, scratch: string): string {
  return wrapScript(
    nonce,
    HELPERS +
      `var t=docNamed(${scratchLiteral(scratch)});if(!t){out({closed:false});return;}` +
      `t.close(${en("SaveOptions", "DONOTSAVECHANGES")});out({closed:true});`,
  );
}
