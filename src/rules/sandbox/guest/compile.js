// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. Compiling definitions, and the object the host keeps: the
// only way in from the host.
// Definitions are compiled once per context: the host evaluates the wrapped script and hands the
// result to these checks.
function checkRule(value) {
  if (typeof value !== 'function') throw new TypeError('a rule must be a function (user, context, callback)');
  return value;
}
function loadAction(factory) {
  var module = { exports: {} };
  factory.call(module.exports, module.exports, module, requireModule);
  return module.exports;
}

function reset() {
  timers = {};
  actionCache = {};
}


function sandboxApi() {
  return { checkRule: checkRule, loadAction: loadAction, invokeRule: invokeRule, invokeAction: invokeAction, reset: reset };
}
