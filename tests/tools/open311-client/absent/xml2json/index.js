module.exports = { toJson: function () { throw new Error('xml2json is not installed: this check drives the client in JSON only'); } };
