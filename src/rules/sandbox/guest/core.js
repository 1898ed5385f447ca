// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. Captured intrinsics, the host calls, console capture, the
// bundled-library loader, and what every invocation shares (errors, results).
var parse = JSON.parse;
var stringify = JSON.stringify;
var indirectEval = eval;
var defineProperty = Object.defineProperty;
var freeze = Object.freeze;
var keys = Object.keys;
var isArray = Array.isArray;
var PromiseCtor = Promise;
var global = globalThis;
global.global = global;

var MAX_LOGS = 100;
var MAX_LOG_CHARS = 2000;

var run = null; // the invocation in progress: { logs, warnings, fail }

function call(op, payload) {
  return parse(hostSync(op, stringify(payload === undefined ? null : payload)));
}
function callAsync(op, payload) {
  return hostAsync(op, stringify(payload === undefined ? null : payload)).then(function (text) {
    return parse(text);
  });
}

// ---- console ---------------------------------------------------------------------------------
function formatArg(value) {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return String(value.stack ? value.name + ': ' + value.message : value);
  try {
    var text = stringify(value);
    return text === undefined ? String(value) : text;
  } catch (e) {
    return String(value);
  }
}
function log(level) {
  return function () {
    if (!run) return;
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(formatArg(arguments[i]));
    var message = parts.join(' ');
    if (message.length > MAX_LOG_CHARS) message = message.slice(0, MAX_LOG_CHARS) + '… (truncated)';
    if (run.logs.length < MAX_LOGS) run.logs.push({ level: level, message: message });
    else if (run.logs.length === MAX_LOGS) run.logs.push({ level: 'warn', message: 'further console output dropped' });
  };
}
function warn(message) {
  if (run) run.warnings.push(message);
}
global.console = freeze({ log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') });

// ---- libraries -------------------------------------------------------------------------------
var libraryCache = {};
function library(name) {
  if (!(name in libraryCache)) libraryCache[name] = indirectEval(hostSync('library', stringify({ name: name })));
  return libraryCache[name];
}
defineProperty(global, 'Buffer', {
  configurable: true,
  get: function () {
    return library('buffer').Buffer;
  },
});
function toBase64(data, encoding) {
  var B = library('buffer').Buffer;
  if (B.isBuffer(data)) return data.toString('base64');
  if (data instanceof Uint8Array) return B.from(data).toString('base64');
  if (typeof data !== 'string') throw new TypeError('data must be a string, Buffer or Uint8Array');
  return B.from(data, encoding || 'utf8').toString('base64');
}
function fromBase64(text, encoding) {
  var buf = library('buffer').Buffer.from(text, 'base64');
  return encoding && encoding !== 'buffer' ? buf.toString(encoding) : buf;
}


// ---- the invocation ----------------------------------------------------------------------------
// An error thrown by user code inside a callback the sandbox invokes (a timer, an HTTP response)
// fails the invocation, as an uncaught exception fails a rule on Auth0.
function guard(fn) {
  try {
    fn();
  } catch (error) {
    if (run && run.fail) run.fail(error);
  }
}

function UnauthorizedError(message) {
  if (!(this instanceof UnauthorizedError)) return new UnauthorizedError(message);
  var e = new Error(message);
  defineProperty(this, 'stack', { value: e.stack, writable: true, configurable: true });
  this.message = message === undefined ? '' : String(message);
}
UnauthorizedError.prototype = Object.create(Error.prototype);
UnauthorizedError.prototype.constructor = UnauthorizedError;
UnauthorizedError.prototype.name = 'UnauthorizedError';
global.UnauthorizedError = UnauthorizedError;

function describeError(error, fallbackKind) {
  if (error instanceof UnauthorizedError) return { kind: 'unauthorized', name: 'UnauthorizedError', message: String(error.message), stack: String(error.stack || '') };
  if (error instanceof Error) return { kind: fallbackKind || 'error', name: String(error.name), message: String(error.message), stack: String(error.stack || '') };
  if (typeof error === 'string') return { kind: fallbackKind || 'error', name: 'Error', message: error, stack: '' };
  var text;
  try { text = stringify(error); } catch (e) { text = String(error); }
  return { kind: fallbackKind || 'error', name: 'Error', message: text === undefined ? String(error) : text, stack: '' };
}

function plain(value) {
  return value === undefined ? undefined : parse(stringify(value));
}

function startRun(input) {
  timers = {};
  run = { logs: [], warnings: [], fail: null };
  var secrets = freeze(input.secrets || {});
  global.configuration = secrets;
  return secrets;
}
// The answer to the host, as JSON text. `user` and `context` may already be JSON text (taken when
// the rule called back, so later changes to the objects do not count): spliced in, not re-parsed.
function finish(result) {
  var logs = stringify(run.logs);
  var warnings = stringify(run.warnings);
  run = null;
  var parts = ['"status":' + stringify(result.status)];
  if (result.userJson !== undefined) parts.push('"user":' + result.userJson);
  else if (result.user !== undefined) parts.push('"user":' + stringify(result.user));
  if (result.contextJson !== undefined) parts.push('"context":' + result.contextJson);
  else if (result.context !== undefined) parts.push('"context":' + stringify(result.context));
  if (result.metadata !== undefined) parts.push('"metadata":' + stringify(result.metadata));
  if (result.error !== undefined) parts.push('"error":' + stringify(result.error));
  parts.push('"logs":' + logs, '"warnings":' + warnings);
  return '{' + parts.join(',') + '}';
}
