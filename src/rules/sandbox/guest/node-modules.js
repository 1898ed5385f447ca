// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. `crypto` (hashes, HMAC, random bytes), `url`, `URL`,
// `URLSearchParams` and `querystring`, computed by the host with Node's own implementations.
// ---- crypto (subset) -------------------------------------------------------------------------
function digester(kind, algorithm, key) {
  var chunks = [];
  var done = false;
  var self = {
    update: function (data, encoding) {
      if (done) throw new Error('Digest already called');
      chunks.push(toBase64(data, encoding));
      return self;
    },
    digest: function (encoding) {
      if (done) throw new Error('Digest already called');
      done = true;
      var out = call(kind, { algorithm: algorithm, key: key, chunks: chunks });
      return fromBase64(out, encoding);
    },
  };
  return self;
}
function randomBytes(size, callback) {
  if (typeof size !== 'number' || size < 0 || size > 65536) throw new RangeError('randomBytes: size must be between 0 and 65536');
  var bytes = fromBase64(call('randomBytes', { size: size }));
  if (typeof callback === 'function') {
    PromiseCtor.resolve().then(function () {
      guard(function () { callback(null, bytes); });
    });
    return undefined;
  }
  return bytes;
}
var cryptoModule = freeze({
  createHash: function (algorithm) {
    return digester('hash', String(algorithm));
  },
  createHmac: function (algorithm, key) {
    return digester('hmac', String(algorithm), toBase64(key));
  },
  randomBytes: randomBytes,
  randomUUID: function () {
    return call('randomUUID');
  },
  getRandomValues: getRandomValues,
  timingSafeEqual: function (a, b) {
    return call('timingSafeEqual', { a: toBase64(a), b: toBase64(b) });
  },
  getHashes: function () {
    return call('hashes');
  },
});
function getRandomValues(array) {
  if (!(array instanceof Int8Array || array instanceof Uint8Array || array instanceof Uint8ClampedArray || array instanceof Int16Array || array instanceof Uint16Array || array instanceof Int32Array || array instanceof Uint32Array)) {
    throw new TypeError('getRandomValues: an integer typed array is required');
  }
  var bytes = fromBase64(call('randomBytes', { size: array.byteLength }));
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
  return array;
}
global.crypto = freeze({ getRandomValues: getRandomValues, randomUUID: cryptoModule.randomUUID });

// ---- url, querystring (Node's own semantics, computed by the host) ----------------------------
function URLSearchParams(init) {
  if (!(this instanceof URLSearchParams)) throw new TypeError("Class constructor URLSearchParams cannot be invoked without 'new'");
  var pairs = [];
  if (typeof init === 'string') pairs = call('searchParams.parse', { text: init });
  else if (isArray(init)) pairs = init.map(function (p) { return [String(p[0]), String(p[1])]; });
  else if (init && typeof init === 'object') pairs = keys(init).map(function (k) { return [k, String(init[k])]; });
  defineProperty(this, '_pairs', { value: pairs, writable: true });
  defineProperty(this, '_onChange', { value: null, writable: true });
}
URLSearchParams.prototype = {
  constructor: URLSearchParams,
  _changed: function () { if (this._onChange) this._onChange(this.toString()); },
  get: function (name) { for (var i = 0; i < this._pairs.length; i++) if (this._pairs[i][0] === String(name)) return this._pairs[i][1]; return null; },
  getAll: function (name) { return this._pairs.filter(function (p) { return p[0] === String(name); }).map(function (p) { return p[1]; }); },
  has: function (name) { return this.get(name) !== null; },
  append: function (name, value) { this._pairs.push([String(name), String(value)]); this._changed(); },
  set: function (name, value) {
    var found = false;
    name = String(name);
    this._pairs = this._pairs.filter(function (p) { if (p[0] !== name) return true; if (found) return false; found = true; p[1] = String(value); return true; });
    if (!found) this._pairs.push([name, String(value)]);
    this._changed();
  },
  delete: function (name) { name = String(name); this._pairs = this._pairs.filter(function (p) { return p[0] !== name; }); this._changed(); },
  forEach: function (fn, thisArg) { var self = this; this._pairs.slice().forEach(function (p) { fn.call(thisArg, p[1], p[0], self); }); },
  keys: function () { return this._pairs.map(function (p) { return p[0]; })[Symbol.iterator](); },
  values: function () { return this._pairs.map(function (p) { return p[1]; })[Symbol.iterator](); },
  entries: function () { return this._pairs.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); },
  toString: function () { return call('searchParams.stringify', { pairs: this._pairs }); },
};
URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;

var URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function URL(input, base) {
  if (!(this instanceof URL)) throw new TypeError("Class constructor URL cannot be invoked without 'new'");
  var parts = call('URL', { input: String(input), base: base === undefined ? undefined : String(base) });
  if (parts.error) throw new TypeError(parts.error);
  defineProperty(this, '_parts', { value: parts, writable: true });
  var params = new URLSearchParams(parts.search);
  var self = this;
  params._onChange = function (query) { self._set('search', query); };
  defineProperty(this, 'searchParams', { value: params, enumerable: true });
}
URL.prototype = {
  constructor: URL,
  _set: function (part, value) {
    var parts = call('URL.set', { href: this._parts.href, part: part, value: String(value) });
    if (parts.error) throw new TypeError(parts.error);
    this._parts = parts;
    if (part !== 'search') this.searchParams._pairs = call('searchParams.parse', { text: parts.search });
  },
  toString: function () { return this._parts.href; },
  toJSON: function () { return this._parts.href; },
};
URL_PARTS.forEach(function (part) {
  defineProperty(URL.prototype, part, {
    get: function () { return this._parts[part]; },
    set: part === 'origin' ? undefined : function (value) { this._set(part, value); },
  });
});
global.URL = URL;
global.URLSearchParams = URLSearchParams;

var urlModule = freeze({
  URL: URL,
  URLSearchParams: URLSearchParams,
  parse: function (text, parseQueryString, slashesDenoteHost) {
    return call('url.parse', { text: String(text), parseQueryString: !!parseQueryString, slashesDenoteHost: !!slashesDenoteHost });
  },
  format: function (value) {
    return call('url.format', { value: value instanceof URL ? value.href : value });
  },
  resolve: function (from, to) {
    return call('url.resolve', { from: String(from), to: String(to) });
  },
});
var querystringModule = freeze({
  parse: function (text, sep, eq) { return call('qs.parse', { text: String(text === undefined ? '' : text), sep: sep, eq: eq }); },
  stringify: function (obj, sep, eq) { return call('qs.stringify', { obj: obj, sep: sep, eq: eq }); },
  escape: function (text) { return call('qs.escape', { text: String(text) }); },
  unescape: function (text) { return call('qs.unescape', { text: String(text) }); },
});
querystringModule = freeze({
  parse: querystringModule.parse,
  decode: querystringModule.parse,
  stringify: querystringModule.stringify,
  encode: querystringModule.stringify,
  escape: querystringModule.escape,
  unescape: querystringModule.unescape,
});
