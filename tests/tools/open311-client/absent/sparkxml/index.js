module.exports = { parseXml: function () { throw new Error('sparkxml is not installed: this check drives the client in JSON only'); } };
