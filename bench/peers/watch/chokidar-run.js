// The chokidar peer: what chokidar-cli does with `-c CMD`: watch DIR recursively (chokidar 4, inotify through
// fs.watch) and run CMD through sh on every event. Run with NODE_PATH pointing at the installed chokidar.
//   node chokidar-run.js DIR CMD
const chokidar = require('chokidar');
const { spawn } = require('child_process');
const [dir, cmd] = process.argv.slice(2);
let running = false;
let again = false;
function run() {
  if (running) { again = true; return; }
  running = true;
  spawn('sh', ['-c', cmd], { stdio: 'inherit' }).on('exit', () => {
    running = false;
    if (again) { again = false; run(); }
  });
}
chokidar.watch(dir, { ignoreInitial: true }).on('all', run).on('ready', () => console.log('ready'));
