'use strict';
// Connects to one ONVIF camera with the npm `onvif` package (the client integrators use), as an integrator's code
// would, and prints what it read as one line of JSON on stdout; exits 1 with {"error": ...} when the camera refuses.
// Usage: node check-camera.js --host H --port P --path /cam/1/onvif/device_service --user U --password W
const { Cam } = require('onvif');

function argument(name) {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
}

function fail(error) {
  process.stdout.write(JSON.stringify({ error: String((error && error.message) || error) }) + '\n');
  process.exit(1);
}

const options = {
  hostname: argument('host') || '127.0.0.1',
  port: Number(argument('port') || 80),
  path: argument('path') || '/onvif/device_service',
  username: argument('user'),
  password: argument('password'),
  timeout: 10000,
};

process.on('uncaughtException', fail);

new Cam(options, function (error) {
  if (error) {
    return fail(error);
  }
  const cam = this;
  cam.getDeviceInformation(function (error, info) {
    if (error) {
      return fail(error);
    }
    cam.getStreamUri({ protocol: 'RTSP' }, function (error, stream) {
      if (error) {
        return fail(error);
      }
      cam.getSnapshotUri({}, function (error, snapshot) {
        if (error) {
          return fail(error);
        }
        process.stdout.write(JSON.stringify({
          manufacturer: info.manufacturer,
          model: info.model,
          serialNumber: String(info.serialNumber),
          hardwareId: String(info.hardwareId),
          profiles: (cam.profiles || []).map(p => p.$.token),
          activeSource: cam.activeSource,
          streamUri: stream.uri,
          snapshotUri: snapshot.uri,
        }) + '\n');
        process.exit(0);
      });
    });
  });
});
