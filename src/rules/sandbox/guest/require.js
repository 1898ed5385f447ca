// Part of the sandbox prelude (see README in this folder): evaluated inside QuickJS, once per
// context, before any rule or action code; the parts share one scope and load in the order
// definition-sandbox.ts lists them. `require` of the allow-listed modules.
// ---- require ---------------------------------------------------------------------------------
var MODULES = {
  crypto: function () { return cryptoModule; },
  url: function () { return urlModule; },
  querystring: function () { return querystringModule; },
  request: function () { return request; },
  buffer: function () { return { Buffer: library('buffer').Buffer }; },
  lodash: function () { return library('lodash'); },
  uuid: function () { return library('uuid'); },
  'ipaddr.js': function () { return library('ipaddr.js'); },
};
var BUNDLED = ['lodash', 'uuid', 'ipaddr.js', 'buffer'];
function requireModule(specifier) {
  var name = String(specifier);
  var at = name.lastIndexOf('@');
  var pinned = null;
  if (at > 0) {
    // `lodash@4.17.21` resolves to the bundled version
    pinned = name.slice(at + 1);
    name = name.slice(0, at);
  }
  if (name.indexOf('node:') === 0) name = name.slice(5);
  var sub = null;
  var slash = name.indexOf('/');
  if (slash > 0 && name.slice(0, slash) === 'lodash') {
    sub = name.slice(slash + 1).replace(/\.js$/, '');
    name = 'lodash';
  }
  if (!Object.prototype.hasOwnProperty.call(MODULES, name)) {
    var error = new Error("Cannot find module '" + specifier + "': the sandbox provides " + keys(MODULES).join(', '));
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  var exported = MODULES[name]();
  if (pinned !== null && BUNDLED.indexOf(name) >= 0) {
    var bundled = call('libraryVersion', { name: name });
    if (String(pinned).split('.')[0] !== String(bundled).split('.')[0]) warn("require('" + specifier + "') gets the bundled " + name + ' ' + bundled);
  }
  if (sub !== null) {
    if (typeof exported[sub] !== 'function') throw new Error("Cannot find module '" + specifier + "'");
    return exported[sub];
  }
  return exported;
}
global.require = requireModule;
