#!/usr/bin/env node
// Node.js peer of the AotSuite `task` CLI, written the way a typical small
// Node CLI is: one file, no dependencies, fs.readFileSync + JSON.parse.
// Used only as a benchmark baseline (see bench/peers/README.md).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const PRIORITIES = ['low', 'medium', 'high'];
const RANK = { high: 0, medium: 1, low: 2 };
const VALUE_OPTS = new Set(['file', 'priority', 'due', 'tag', 'title']);
const FLAG_OPTS = new Set(['pending', 'done', 'json']);
const ALLOWED = {
  add: ['priority', 'due', 'tag'],
  list: ['pending', 'done', 'tag', 'json'],
  complete: [], uncomplete: [], delete: [],
  edit: ['title', 'priority', 'due'],
  clear: ['done'],
  stats: [],
};
const USAGE = `usage: task <command> [options] [--file PATH]

commands:
  add <title> [--priority low|medium|high] [--due YYYY-MM-DD] [--tag TAG]...
  list [--pending|-p] [--done] [--tag TAG] [--json]
  complete <id>    uncomplete <id>    delete <id>
  edit <id> [--title TITLE] [--priority P] [--due YYYY-MM-DD]
  clear --done
  stats`;

class CliError extends Error {
  constructor(message, code) { super(message); this.code = code; }
}
const usageError = (msg) => new CliError(msg, 2);

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

function parseArgs(argv) {
  const opts = { tag: [] };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (arg === '-p') { opts.pending = true; continue; }
    if (arg === '-h' || arg === '--help') { opts.help = true; continue; }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw usageError(`unknown option ${arg}`);
      positional.push(arg);
      continue;
    }
    let [name, value] = arg.slice(2).split(/=(.*)/s);
    if (FLAG_OPTS.has(name) && value === undefined) { opts[name] = true; continue; }
    if (!VALUE_OPTS.has(name)) throw usageError(`unknown option --${name}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) throw usageError(`--${name} requires a value`);
      value = argv[++i];
    }
    if (name === 'tag') opts.tag.push(value); else opts[name] = value;
  }
  return { command: positional.shift(), positional, opts };
}

function storePath(opts) {
  if (opts.file) return opts.file;
  if (process.env.TASK_FILE) return process.env.TASK_FILE;
  const dataHome = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'aotsuite', 'tasks.json');
}

function load(file) {
  if (!fs.existsSync(file)) return { version: 1, nextId: 1, tasks: [] };
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${err.message}`, 1);
  }
}

function save(file, store) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(store, null, 2) + '\n');
}

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
const isOverdue = (t, day) => !t.done && t.due !== null && t.due < day;

function checkPriority(p) {
  if (!PRIORITIES.includes(p)) throw usageError(`invalid priority '${p}' (expected low, medium or high)`);
  return p;
}
function checkDue(d) {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(d + 'T00:00:00Z').toISOString().startsWith(d);
  if (!ok) throw usageError(`invalid due date '${d}' (expected YYYY-MM-DD)`);
  return d;
}
function parseId(args) {
  if (args.length !== 1) throw usageError(args.length ? `unexpected argument '${args[1]}'` : 'missing task id');
  if (!/^[1-9]\d*$/.test(args[0])) throw usageError(`invalid task id '${args[0]}'`);
  return Number(args[0]);
}
function findTask(store, id) {
  const task = store.tasks.find((t) => t.id === id);
  if (!task) throw new CliError(`no task with id ${id}`, 1);
  return task;
}

function printTable(tasks) {
  if (tasks.length === 0) { console.log('No tasks.'); return; }
  const day = today();
  const header = ['ID', 'S', 'PRI', 'DUE', 'TITLE', 'TAGS'];
  const rows = tasks.map((t) => [String(t.id), t.done ? '✓' : '·', t.priority, t.due || '', t.title, t.tags.join(',')]);
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, r[c].length), h.length));
  const format = (cells, colorOf) => cells.map((cell, c) => {
    const pad = ' '.repeat(widths[c] - cell.length);
    const text = colorOf ? colorOf(c, cell) : cell;
    if (c === 0) return pad + text;
    return c === cells.length - 1 ? text : text + pad;
  }).join('  ').trimEnd();
  const lines = [paint('1', format(header))];
  tasks.forEach((t, i) => lines.push(format(rows[i], (c, cell) => {
    if (c === 1 && t.done) return paint('32', cell);
    if (c === 2 && t.priority === 'high') return paint('31', cell);
    if (c === 3 && isOverdue(t, day)) return paint('33', cell);
    return cell;
  })));
  const done = tasks.filter((t) => t.done).length;
  lines.push('', `${tasks.length} tasks, ${done} done, ${tasks.length - done} pending`);
  console.log(lines.join('\n'));
}

const commands = {
  add(store, args, opts) {
    const title = args.join(' ').trim();
    if (!title) throw usageError('missing task title');
    const task = {
      id: store.nextId++, title, done: false,
      priority: checkPriority(opts.priority ?? 'medium'),
      due: opts.due === undefined ? null : checkDue(opts.due),
      tags: opts.tag, createdAt: nowIso(), completedAt: null,
    };
    store.tasks.push(task);
    return `✓ Added task ${task.id}: ${task.title}`;
  },
  list(store, args, opts) {
    if (args.length) throw usageError(`unexpected argument '${args[0]}'`);
    if (opts.pending && opts.done) throw usageError('--pending and --done cannot be combined');
    if (opts.tag.length > 1) throw usageError('--tag may be given only once for list');
    const [tag] = opts.tag;
    const shown = store.tasks
      .filter((t) => (!opts.pending || !t.done) && (!opts.done || t.done) && (tag === undefined || t.tags.includes(tag)))
      .sort((a, b) => (a.done - b.done) || (RANK[a.priority] - RANK[b.priority]) || (a.id - b.id));
    if (opts.json) console.log(JSON.stringify(shown, null, 2));
    else printTable(shown);
  },
  complete(store, args) {
    const task = findTask(store, parseId(args));
    if (!task.done) { task.done = true; task.completedAt = nowIso(); }
    return `✓ Completed task ${task.id}: ${task.title}`;
  },
  uncomplete(store, args) {
    const task = findTask(store, parseId(args));
    task.done = false;
    task.completedAt = null;
    return `✓ Reopened task ${task.id}: ${task.title}`;
  },
  delete(store, args) {
    const task = findTask(store, parseId(args));
    store.tasks = store.tasks.filter((t) => t !== task);
    return `✓ Deleted task ${task.id}: ${task.title}`;
  },
  edit(store, args, opts) {
    const id = parseId(args);
    if (opts.title === undefined && opts.priority === undefined && opts.due === undefined) {
      throw usageError('nothing to edit (use --title, --priority or --due)');
    }
    if (opts.title !== undefined && !opts.title.trim()) throw usageError('title cannot be empty');
    if (opts.priority !== undefined) checkPriority(opts.priority);
    if (opts.due !== undefined) checkDue(opts.due);
    const task = findTask(store, id);
    if (opts.title !== undefined) task.title = opts.title.trim();
    if (opts.priority !== undefined) task.priority = opts.priority;
    if (opts.due !== undefined) task.due = opts.due;
    return `✓ Updated task ${task.id}: ${task.title}`;
  },
  clear(store, args, opts) {
    if (args.length) throw usageError(`unexpected argument '${args[0]}'`);
    if (!opts.done) throw usageError('clear requires --done');
    const before = store.tasks.length;
    store.tasks = store.tasks.filter((t) => !t.done);
    return `✓ Cleared ${before - store.tasks.length} done tasks`;
  },
  stats(store, args) {
    if (args.length) throw usageError(`unexpected argument '${args[0]}'`);
    const { tasks } = store;
    const day = today();
    const done = tasks.filter((t) => t.done).length;
    const pct = tasks.length ? Math.round((done * 100) / tasks.length) : 0;
    console.log([
      `Total:     ${tasks.length}`,
      `Done:      ${done} (${pct}%)`,
      `Pending:   ${tasks.length - done}`,
      `Overdue:   ${tasks.filter((t) => isOverdue(t, day)).length}`,
      `High:      ${tasks.filter((t) => !t.done && t.priority === 'high').length} pending`,
    ].join('\n'));
  },
};

function main(argv) {
  const { command, positional, opts } = parseArgs(argv);
  if (opts.help || command === 'help') { console.log(USAGE); return; }
  if (!command) throw usageError('missing command\n' + USAGE);
  if (!Object.hasOwn(commands, command)) throw usageError(`unknown command '${command}'`);
  for (const name of ['priority', 'due', 'title', 'pending', 'done', 'json', 'tag']) {
    const given = name === 'tag' ? opts.tag.length > 0 : opts[name] !== undefined;
    if (given && !ALLOWED[command].includes(name)) throw usageError(`option --${name} is not valid for '${command}'`);
  }
  const file = storePath(opts);
  const store = load(file);
  const message = commands[command](store, positional, opts);
  if (message !== undefined) { // only mutating commands return a message
    save(file, store);
    console.log(message);
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(`task: error: ${err.message}`);
  process.exitCode = err.code;
}
