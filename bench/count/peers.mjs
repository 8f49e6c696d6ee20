// peers.mjs: the count_bench ballots through the npm peers named in issue 3, timed against
// our counts on the same BLT in the same run.
//
//   meek-stv  -> meeks-prf-js  (Meek.tabulate, PR Foundation reference rule, 10 seats)
//   schulze   -> votes         (utils.matrixFromBallots + Schulze; the winner)
//   irv       -> votes         (InstantRunoff; the winner)
//   scottish-stv has no peer.
//
// Usage (bench/count/run.sh sets this up):
//   node peers.mjs --bench PATH/count_bench --modules DIR [--ballots N] [--repeat R]
//                  [--cap SECONDS] [--min-ballots N] [--seed S] [--methods meek-stv,schulze,irv]
//                  [--input-limit SECONDS]
//
// DIR is a folder where `npm install meeks-prf-js votes` was run. For each ballot count,
// starting at --ballots, count_bench generates the ballots, writes them as BLT into DIR and
// times our counts (best of R); then each peer method runs in its own Node process on that
// same BLT, best of R, under a wall-clock cap of --cap seconds (default 120) for all its
// runs together, counted once its input is built; the process is killed at the cap.
// A method none of whose runs finished under the cap is tried again at a tenth of the
// ballots, with count_bench re-run at that count too, so both sides always count the same
// ballots; nothing is extrapolated. The BLT parse and the conversion into each peer's input
// shape are timed separately and are not part of the peer's figure; the peer's own
// validation and ballot-tree building are, since our figure also starts from parsed ballots.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PEERS = {
  'meek-stv': 'meeks-prf-js',
  schulze: 'votes',
  irv: 'votes',
};
const OUR_METHODS = ['scottish-stv', 'meek-stv', 'schulze', 'irv'];

function parseArgs(argv) {
  const opts = {
    ballots: 1000000, repeat: 3, cap: 120, inputLimit: 300, minBallots: 1000, seed: 2022,
    methods: Object.keys(PEERS),
  };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i], value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value after ${key}`);
    switch (key) {
      case '--bench': opts.bench = value; break;
      case '--modules': opts.modules = value; break;
      case '--blt': opts.blt = value; break;
      case '--child': opts.child = value; break;
      case '--ballots': opts.ballots = Number(value); break;
      case '--repeat': opts.repeat = Number(value); break;
      case '--cap': opts.cap = Number(value); break;
      case '--min-ballots': opts.minBallots = Number(value); break;
      case '--input-limit': opts.inputLimit = Number(value); break;
      case '--methods': opts.methods = value.split(','); break;
      case '--seed': opts.seed = Number(value); break;
      default: throw new Error(`unknown option ${key}`);
    }
  }
  return opts;
}

// --- BLT -------------------------------------------------------------------------------
// Enough of the format for what count_bench writes: a header, ballots "weight c1 c2 ... 0"
// with optional "-" (skipped rank) and "=" (equal ranks), an optional withdrawn line of
// negative numbers, the terminating 0, then quoted names and a quoted title. Candidates are
// 0-based indexes; each ballot is an array of ranks, each rank an array of indexes.
function readBlt(file) {
  const text = readFileSync(file, 'latin1');
  let at = 0, lineNo = 0;
  const next = () => {
    while (at < text.length) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      let line = text.slice(at, end);
      at = end + 1;
      ++lineNo;
      const hash = line.indexOf('#');
      if (hash >= 0 && line[0] !== '"') line = line.slice(0, hash);
      line = line.trim();
      if (line) return line;
    }
    throw new Error(`${file}: unexpected end of file`);
  };
  const [nCand, seats] = next().split(/\s+/).map(Number);
  const weights = [], ballots = [];
  for (;;) {
    const line = next();
    if (line === '0') break;
    const tokens = line.split(line.includes('\t') ? /\s+/ : ' ').filter(Boolean);
    if (tokens[0].startsWith('-')) continue;  // withdrawn candidates
    const weight = Number(tokens[0]);
    const ranks = [];
    for (let k = 1; k < tokens.length && tokens[k] !== '0'; ++k) {
      const token = tokens[k];
      if (token === '-') continue;
      const rank = token.includes('=') ? token.split('=').map((t) => Number(t) - 1) : [Number(token) - 1];
      for (const c of rank)
        if (!(c >= 0 && c < nCand)) throw new Error(`${file}:${lineNo}: bad candidate ${token}`);
      ranks.push(rank);
    }
    weights.push(weight);
    ballots.push(ranks);
  }
  const names = [];
  for (let c = 0; c < nCand; ++c) names.push(next().replace(/^"(.*)"$/, '$1'));
  return { nCand, seats, weights, ballots, names };
}

// How candidates are shown: their number in the BLT, two digits, as count_bench prints them.
const label = (c) => String(c + 1).padStart(2, '0');

// --- one peer method, in its own process -------------------------------------------------
function now() { return performance.now() / 1000; }

function child(opts) {
  const require = createRequire(path.join(opts.modules, 'package.json'));
  const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
  let t = now();
  const e = readBlt(opts.blt);
  const parseS = now() - t;
  const byName = new Map(e.names.map((n, c) => [n, c]));
  let input, run;
  t = now();
  if (opts.child === 'meek-stv') {
    const Meek = require('meeks-prf-js/run/meek.js');
    // [multiple, [candidate ids in rank order]]; names are the candidate ids.
    input = e.ballots.map((ranks, b) => {
      if (ranks.some((r) => r.length > 1)) throw new Error('meeks-prf-js input: equal ranks');
      return [e.weights[b], ranks.map((r) => e.names[r[0]])];
    });
    run = () => {
      const res = Meek.tabulate(e.seats, e.names, input, null, e.names, [], [], {}, null);
      const elected = [...res.elected].map((n) => ({ c: byName.get(n), s: res.statuses[n] }));
      elected.sort((a, b) => a.s.nbrRound - b.s.nbrRound);
      return elected.map((x) => x.c);
    };
  } else {
    const Votes = require('votes');
    input = e.ballots.map((ranks, b) => ({
      ranking: ranks.map((r) => r.map((c) => e.names[c])),
      weight: e.weights[b],
    }));
    if (opts.child === 'schulze') {
      run = () => {
        const matrix = Votes.utils.matrixFromBallots(input, e.names);
        return new Votes.Schulze(matrix).ranking()[0].map((n) => byName.get(n));
      };
    } else if (opts.child === 'irv') {
      run = () => new Votes.InstantRunoff({ ballots: input, candidates: e.names })
        .ranking()[0].map((n) => byName.get(n));
    } else {
      throw new Error(`no peer for ${opts.child}`);
    }
  }
  const buildS = now() - t;
  emit({ parse: parseS, build: buildS, ballots: e.ballots.length });
  const start = now();
  for (let i = 0; i < opts.repeat; ++i) {
    t = now();
    const winners = run();
    const s = now() - t;
    emit({ run: i + 1, seconds: s, winners });
    // Stop early rather than start a run that would go past the cap.
    if (now() - start + s > opts.cap) break;
  }
}

// --- the driver --------------------------------------------------------------------------
function runOurs(opts, ballots, blt) {
  const args = ['--ballots', String(ballots), '--seed', String(opts.seed), '--blt', blt,
    '--repeat', String(opts.repeat)];
  const r = spawnSync(opts.bench, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  process.stdout.write(r.stdout);
  if (r.status !== 0) throw new Error(`count_bench failed (${r.status}): ${r.stderr}`);
  const ours = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^(scottish-stv|meek-stv|schulze|irv)\s+([\d.]+)\s+([\d.]+)\s*(.*)$/.exec(line);
    if (m) ours[m[1]] = { seconds: Number(m[2]), winners: m[4].split(/,\s*/).filter(Boolean) };
  }
  for (const m of OUR_METHODS)
    if (!ours[m]) throw new Error(`count_bench printed no row for ${m}`);
  return ours;
}

// The cap is wall-clock time for the peer's runs, counted from the moment its input is
// ready (after the BLT parse and input build, which get a separate, generous limit), so a
// slow parse in our driver never eats into the peer's time. The child is killed at the cap;
// runs that finished before then are kept.
function runPeer(opts, method, blt) {
  const self = fileURLToPath(import.meta.url);
  const args = ['--max-old-space-size=6144', self, '--child', method, '--blt', blt,
    '--modules', opts.modules, '--repeat', String(opts.repeat), '--cap', String(opts.cap)];
  return new Promise((resolve) => {
    const out = { runs: [], killed: null };
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = (why) => { if (!out.killed) { out.killed = why; proc.kill('SIGKILL'); } };
    let timer = setTimeout(() => kill('input'), opts.inputLimit * 1000);
    let buffered = '', stderr = '';
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    proc.stdout.on('data', (d) => {
      buffered += d;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const obj = JSON.parse(line);
        if (obj.run) {
          out.runs.push(obj);
          console.log(`  run ${obj.run}: ${obj.seconds.toFixed(3)} s`);
        } else {
          Object.assign(out, obj);
          console.log(`  BLT parse in Node ${obj.parse.toFixed(2)} s, input build ${obj.build.toFixed(2)} s (not counted)`);
          clearTimeout(timer);
          timer = setTimeout(() => kill('cap'), opts.cap * 1000);
        }
      }
    });
    proc.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !out.killed) out.error = stderr.trim().split('\n').slice(-3).join(' | ');
      resolve(out);
    });
  });
}

async function driver(opts) {
  for (const need of ['bench', 'modules'])
    if (!opts[need]) throw new Error(`--${need} is required`);
  const results = [];
  for (const m of opts.methods)
    if (!PEERS[m]) throw new Error(`no peer for ${m}; peers: ${Object.keys(PEERS).join(', ')}`);
  let pending = [...opts.methods];
  const notes = [];
  for (let n = opts.ballots; pending.length && n >= opts.minBallots; n = Math.round(n / 10)) {
    const blt = path.join(opts.modules, `count_bench_${n}.blt`);
    console.log(`\n=== ${n} ballots: ours (count_bench, best of ${opts.repeat}) ===`);
    const ours = runOurs(opts, n, blt);
    if (n === opts.ballots) results.push({ method: 'scottish-stv', n, ours: ours['scottish-stv'] });
    const still = [];
    for (const method of pending) {
      console.log(`--- ${n} ballots: ${method} through ${PEERS[method]} (cap ${opts.cap} s) ---`);
      const peer = await runPeer(opts, method, blt);
      if (peer.runs.length) {
        results.push({ method, n, ours: ours[method], peer });
      } else {
        const why = peer.error ? `failed: ${peer.error}`
          : peer.killed === 'cap' ? `no run finished within the ${opts.cap} s cap (killed)`
          : peer.killed === 'input' ? `BLT parse + input build not done in ${opts.inputLimit} s (killed)`
          : 'no run finished';
        console.log(`  ${why}`);
        notes.push(`${method} at ${n} ballots: ${why}`);
        still.push(method);
      }
    }
    pending = still;
  }
  for (const method of pending)
    results.push({ method, n: null, ours: null, peer: null });

  console.log('\n=== Summary: same ballots through both, best of runs, peer/ours ===');
  const head = ['method', 'ballots', 'ours s', 'peer', 'peer s', 'runs', 'peer/ours', '>=20x', 'agree'];
  const rows = [head];
  for (const r of results) {
    if (!r.peer) {
      rows.push([r.method, r.n ?? '-', r.ours ? r.ours.seconds.toFixed(4) : '-',
        PEERS[r.method] ?? '(none)', '-', '-', '-', '-', '-']);
      continue;
    }
    const best = Math.min(...r.peer.runs.map((x) => x.seconds));
    const ratio = best / r.ours.seconds;
    const peerWinners = r.peer.runs[0].winners.map(label);
    const same = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
    const agree = same(peerWinners, r.ours.winners);
    rows.push([r.method, r.n, r.ours.seconds.toFixed(4), PEERS[r.method], best.toFixed(3),
      r.peer.runs.length, ratio.toFixed(1) + 'x', ratio >= 20 ? 'met' : 'NOT met',
      agree ? 'yes' : 'NO']);
    r.line = `${r.method}: ours [${r.ours.winners.join(', ')}], ${PEERS[r.method]} [${peerWinners.join(', ')}]`;
  }
  const width = head.map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  for (const row of rows) console.log(row.map((v, i) => String(v).padEnd(width[i])).join('  '));
  console.log('\nWinners (candidate numbers; Meek in order of election, agreement compares the sets):');
  for (const r of results) if (r.line) console.log(`  ${r.line}`);
  if (notes.length) {
    console.log('\nScaled down (both sides re-run on the smaller ballot count):');
    for (const note of notes) console.log(`  ${note}`);
  }
}

const opts = parseArgs(process.argv);
if (opts.child) child(opts);
else await driver(opts);
