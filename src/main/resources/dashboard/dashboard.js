// The xgate dashboard: the page's state comes from the admin API once, then from the event-bus bridge
// (xgate.dash.* addresses, JSON). Charts are uPlot (WebJar, served from the jar).
'use strict';

const $ = s => document.querySelector(s);
const LADDER_LEVELS = 10;
const MID_POINTS = 480;       // 2 minutes at 4 points per second
const CLOSED_SHOWN = 20;

const page = {
  config: null,
  bus: null,
  book: null,                 // "venue/SYMBOL" of the ladder, depth chart and candles
  symbol: null,               // the mid-price chart's symbol
  spec: null,
  tops: new Map(),            // "venue/SYMBOL" -> the newest top
  topAddresses: new Set(),
  ladderUpdates: 0,
  open: new Map(),
  closed: [],
  mids: {t: [], byVenue: new Map()},
  candles: [],
  candleAddress: null,
  charts: {},
};

const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => v == null ? null : k === 'class' ? e.className = v : e.setAttribute(k, v));
  children.forEach(c => e.append(c == null ? '' : c));
  return e;
};
const num = v => v == null ? '' : String(v);
const width = id => Math.max(300, $(id).clientWidth || 500);

async function main() {
  page.config = await (await fetch('/dashboard/config')).json();
  const books = $('#book'), symbols = $('#symbol');
  const allSymbols = [];
  for (const v of page.config.venues) {
    for (const s of v.symbols) {
      books.append(el('option', {value: v.venue + '/' + s}, v.venue + ' ' + s));
      if (!allSymbols.includes(s)) {
        allSymbols.push(s);
      }
    }
  }
  allSymbols.forEach(s => symbols.append(el('option', {value: s}, s)));
  books.onchange = () => selectBook(books.value);
  symbols.onchange = () => selectSymbol(symbols.value);
  $('#spec').onchange = () => selectSpec($('#spec').value);

  page.bus = new XgateBus('/eventbus', up => {
    const b = $('#bus');
    b.textContent = up ? 'live' : 'disconnected';
    b.className = 'badge ' + (up ? 'up' : 'down');
    b.dataset.state = up ? 'live' : 'down';
  });
  page.bus.subscribe('xgate.dash.venues', renderVenues);
  page.bus.subscribe('xgate.dash.opportunity', onOpportunity);
  page.bus.subscribe('xgate.dash.latency', renderLatency);

  makeCharts();
  selectBook(books.value);
  selectSymbol(symbols.value);
  const opp = await (await fetch('/api/opportunities')).json();
  opp.open.forEach(o => page.open.set(o.id, o));
  page.closed = opp.recentlyClosed.slice(0, CLOSED_SHOWN);
  $('#found').textContent = opp.found + ' found';
  renderOpportunities();
  setInterval(sampleMids, 250);
  pollNode();
  setInterval(pollNode, 5000);
}

async function pollNode() {
  const r = await fetch('/api/venues');
  if (!r.ok) {
    return;
  }
  const roles = (await r.json()).venues.filter(v => v.thisNode).map(v => v.venue + ': ' + v.thisNode.role);
  $('#node').textContent = roles.length ? 'this node: ' + roles.join(', ') : '';
}

// ---- subscriptions to tops: the chosen book, and every venue quoting the chosen symbol

function wantTops() {
  const want = new Set();
  if (page.book) {
    want.add(page.book);
  }
  for (const v of page.config.venues) {
    if (v.symbols.includes(page.symbol)) {
      want.add(v.venue + '/' + page.symbol);
    }
  }
  for (const key of page.topAddresses) {
    if (!want.has(key)) {
      page.bus.unsubscribe(topAddress(key));
      page.topAddresses.delete(key);
    }
  }
  for (const key of want) {
    if (!page.topAddresses.has(key)) {
      page.topAddresses.add(key);
      page.bus.subscribe(topAddress(key), onTop);
    }
  }
}

const topAddress = key => 'xgate.dash.top.' + key.replace('/', '.');

function selectBook(key) {
  page.book = key;
  page.ladderUpdates = 0;
  wantTops();
  const top = page.tops.get(key);
  if (top) {
    renderBook(top);
  }
  const [venue, symbol] = key.split('/');
  const specs = page.config.candles[symbol] || [];
  const spec = $('#spec');
  spec.replaceChildren(...specs.map(s => el('option', {value: s}, s)));
  $('#candle-book').textContent = venue + ' ' + symbol;
  selectSpec(specs.includes(page.spec) ? page.spec : specs[0]);
}

function selectSymbol(symbol) {
  page.symbol = symbol;
  page.mids = {t: [], byVenue: new Map()};
  wantTops();
  const venues = page.config.venues.filter(v => v.symbols.includes(symbol)).map(v => v.venue);
  if (page.charts.mids) {
    page.charts.mids.destroy();
  }
  page.charts.mids = new uPlot({
    width: width('#mids'), height: 240,
    series: [{}].concat(venues.map((v, i) => ({label: v, stroke: palette(i), width: 1.5, spanGaps: true, points: {show: false}}))),
    axes: [{stroke: '#8b98a5', grid: {stroke: '#222a33'}}, {stroke: '#8b98a5', grid: {stroke: '#222a33'}, size: 70}],
  }, [[]].concat(venues.map(() => [])), $('#mids'));
  page.mids.venues = venues;
}

function onTop(t) {
  const key = t.venue + '/' + t.symbol;
  page.tops.set(key, t);
  if (key === page.book) {
    renderBook(t);
  }
}

// ---- the book: ladder and depth chart

function renderBook(t) {
  const state = $('#book-state');
  state.textContent = t.state;
  state.className = 'badge ' + t.state;
  const asks = t.asks.slice(0, LADDER_LEVELS).reverse();
  const bids = t.bids.slice(0, LADDER_LEVELS);
  const rows = asks.map(([p, s]) => el('tr', {class: 'ask'}, el('td'), el('td', null, p), el('td', null, s)));
  const spread = t.asks.length && t.bids.length ? (parseFloat(t.asks[0][0]) - parseFloat(t.bids[0][0])) : null;
  rows.push(el('tr', {class: 'mid'}, el('td', {colspan: 3}, spread == null ? '' : 'spread ' + spread.toPrecision(4))));
  bids.forEach(([p, s]) => rows.push(el('tr', {class: 'bid'}, el('td', null, s), el('td', null, p), el('td'))));
  const ladder = $('#ladder');
  ladder.tBodies[0].replaceChildren(...rows);
  ladder.dataset.seq = t.venueSeq;
  ladder.dataset.updates = ++page.ladderUpdates;
  ladder.dataset.bestBid = t.bids.length ? t.bids[0][0] : '';

  // depth: cumulative size by price, bids left of the mid, asks right of it
  const x = [], bid = [], ask = [];
  let cum = 0;
  const bc = t.bids.map(([p, s]) => [parseFloat(p), cum += parseFloat(s)]).reverse();
  cum = 0;
  const ac = t.asks.map(([p, s]) => [parseFloat(p), cum += parseFloat(s)]);
  bc.forEach(([p, c]) => { x.push(p); bid.push(c); ask.push(null); });
  ac.forEach(([p, c]) => { x.push(p); bid.push(null); ask.push(c); });
  page.charts.depth.setData([x, bid, ask]);
}

function makeCharts() {
  const axes = [{stroke: '#8b98a5', grid: {stroke: '#222a33'}}, {stroke: '#8b98a5', grid: {stroke: '#222a33'}, size: 60}];
  const stepped = uPlot.paths.stepped({align: 1});
  page.charts.depth = new uPlot({
    width: width('#depth'), height: 260, scales: {x: {time: false}},
    series: [{label: 'price'},
      {label: 'bids', stroke: '#5fd38d', fill: 'rgba(95,211,141,0.2)', paths: stepped, points: {show: false}},
      {label: 'asks', stroke: '#f07171', fill: 'rgba(240,113,113,0.2)', paths: uPlot.paths.stepped({align: -1}),
        points: {show: false}}],
    axes,
  }, [[], [], []], $('#depth'));
  page.charts.candles = new uPlot({
    width: width('#candles'), height: 240,
    series: [{}, {label: 'open', show: false}, {label: 'high', show: false}, {label: 'low', show: false},
      {label: 'close', stroke: '#6ab0f3', width: 1}],
    axes: [axes[0], Object.assign({}, axes[1], {size: 70})],
    scales: {y: {range: (u, min, max) => candleRange(min, max)}},
    hooks: {draw: [drawCandles]},
  }, [[], [], [], [], []], $('#candles'));
}

// ---- mid price across venues, sampled 4 times a second from the newest tops

function sampleMids() {
  if (!page.mids.venues) {
    return;
  }
  const m = page.mids;
  m.t.push(Date.now() / 1000);
  for (const v of m.venues) {
    const t = page.tops.get(v + '/' + page.symbol);
    const mid = t && t.state === 'LIVE' && t.bids.length && t.asks.length
      ? (parseFloat(t.bids[0][0]) + parseFloat(t.asks[0][0])) / 2 : null;
    if (!m.byVenue.has(v)) {
      m.byVenue.set(v, new Array(m.t.length - 1).fill(null));
    }
    m.byVenue.get(v).push(mid);
  }
  if (m.t.length > MID_POINTS) {
    m.t.shift();
    m.byVenue.forEach(a => a.shift());
  }
  page.charts.mids.setData([m.t].concat(m.venues.map(v => m.byVenue.get(v))));
}

// ---- candles: the series' history from /api/candles, then live from the bridge

async function selectSpec(spec) {
  if (page.candleAddress) {
    page.bus.unsubscribe(page.candleAddress);
    page.candleAddress = null;
  }
  page.spec = spec;
  page.candles = [];
  drawCandleData();
  if (!spec) {
    return;
  }
  const [venue, symbol] = page.book.split('/');
  page.candleAddress = 'xgate.dash.candle.' + venue + '.' + symbol + '.' + spec;
  page.bus.subscribe(page.candleAddress, onCandle);
  const r = await fetch('/api/candles/' + venue + '/' + symbol + '?spec=' + encodeURIComponent(spec) + '&limit=120');
  if (r.ok) {
    const body = await r.json();
    body.candles.concat(body.inProgress ? [body.inProgress] : []).forEach(onCandle);
  }
}

function onCandle(c) {
  if (page.book !== c.venue + '/' + c.symbol && c.venue) {
    return;
  }
  const start = c.startNs / 1e9;
  const last = page.candles[page.candles.length - 1];
  if (last && last.start === start) {
    page.candles[page.candles.length - 1] = toCandle(c);
  } else if (!last || last.start < start) {
    page.candles.push(toCandle(c));
    if (page.candles.length > 120) {
      page.candles.shift();
    }
  }
  drawCandleData();
}

const toCandle = c => ({start: c.startNs / 1e9, o: +c.open, h: +c.high, l: +c.low, c: +c.close});

function drawCandleData() {
  const cs = page.candles.filter(c => c.h > 0);
  page.charts.candles.setData([cs.map(c => c.start), cs.map(c => c.o), cs.map(c => c.h), cs.map(c => c.l),
    cs.map(c => c.c)]);
}

function candleRange(min, max) {
  const cs = page.candles.filter(c => c.h > 0);
  if (!cs.length) {
    return [min, max];
  }
  const lo = Math.min(...cs.map(c => c.l)), hi = Math.max(...cs.map(c => c.h));
  const pad = (hi - lo) * 0.05 || hi * 0.0001;
  return [lo - pad, hi + pad];
}

function drawCandles(u) {
  const [xs, o, h, l, c] = u.data;
  if (!xs.length) {
    return;
  }
  const ctx = u.ctx;
  const step = xs.length > 1 ? (u.valToPos(xs[1], 'x', true) - u.valToPos(xs[0], 'x', true)) : 10;
  const body = Math.max(1, Math.min(12, step * 0.6));
  ctx.save();
  for (let i = 0; i < xs.length; i++) {
    const x = u.valToPos(xs[i], 'x', true);
    const up = c[i] >= o[i];
    ctx.strokeStyle = ctx.fillStyle = up ? '#5fd38d' : '#f07171';
    ctx.beginPath();
    ctx.moveTo(x, u.valToPos(h[i], 'y', true));
    ctx.lineTo(x, u.valToPos(l[i], 'y', true));
    ctx.stroke();
    const y0 = u.valToPos(Math.max(o[i], c[i]), 'y', true), y1 = u.valToPos(Math.min(o[i], c[i]), 'y', true);
    ctx.fillRect(x - body / 2, y0, body, Math.max(1, y1 - y0));
  }
  ctx.restore();
}

// ---- venues, opportunities, latency

function renderVenues(msg) {
  const rows = [];
  for (const v of msg.venues) {
    const live = v.connection === 'CONNECTED' && v.symbols.length > 0 && v.symbols.every(s => s.state === 'LIVE');
    v.symbols.forEach((s, i) => {
      const cells = [];
      if (i === 0) {
        const span = {rowspan: v.symbols.length};
        cells.push(el('td', span, v.venue, ' ', el('span', {class: 'badge ' + (live ? 'LIVE' : 'STALE'),
            'data-live': String(live)}, live ? 'LIVE' : 'not live')),
          el('td', span, v.dialect),
          el('td', Object.assign({class: v.connection}, span), v.connection),
          el('td', span, v.leader ? v.leader.node + ' (epoch ' + v.leader.epoch + ')' : '—'),
          el('td', span, v.standbys.length ? v.standbys.map(b => b.node + ' ' + b.live + '/' + b.symbols + ' LIVE').join(', ') : '—'));
      }
      cells.push(el('td', null, s.symbol), el('td', {class: 'sync ' + s.state}, s.state), el('td', null, num(s.updatesPerSec)),
        el('td', null, num(s.resyncs)), el('td', {class: 'reason'}, s.reason || v.reason || ''));
      rows.push(el('tr', {'data-venue': v.venue, 'data-symbol': s.symbol}, ...cells));
    });
  }
  $('#venues').tBodies[0].replaceChildren(...rows);
}

function onOpportunity(o) {
  if (o.phase === 'CLOSE') {
    page.open.delete(o.id);
    page.closed.unshift(o);
    page.closed.length = Math.min(page.closed.length, CLOSED_SHOWN);
  } else {
    if (o.phase === 'OPEN') {
      const f = $('#found');
      f.textContent = (parseInt(f.textContent, 10) || 0) + 1 + ' found';
    }
    page.open.set(o.id, o);
  }
  renderOpportunities();
}

function renderOpportunities() {
  const row = (o, open) => el('tr', {'data-id': o.id, 'data-phase': open ? 'open' : 'closed'},
    el('td', null, num(o.id)), el('td', {class: open ? 'OPEN' : 'CLOSE'}, open ? 'open' : 'closed'),
    el('td', null, o.symbol), el('td', null, o.buyVenue), el('td', null, o.sellVenue), el('td', null, o.quantity),
    el('td', null, o.buyPrice), el('td', null, o.sellPrice), el('td', null, num(o.grossEdgeBps)),
    el('td', null, num(o.netEdgeBps)), el('td', null, num(o.expectedProfit)),
    el('td', null, o.openedAt ? o.openedAt.substring(11, 23) : ''),
    el('td', null, open ? '' : (o.lifetimeMs / 1000).toFixed(2) + ' s'), el('td', {class: 'reason'}, open ? '' : o.reason || ''));
  const rows = [...page.open.values()].map(o => row(o, true)).concat(page.closed.map(o => row(o, false)));
  $('#opportunities').tBodies[0].replaceChildren(...rows);
}

function renderLatency(msg) {
  const order = ['venue_to_receive', 'receive_to_decoded', 'decoded_to_applied', 'applied_to_top', 'top_to_opportunity'];
  const venues = page.config.venues.map(v => v.venue);
  const rank = s => venues.indexOf(s.venue) * 10 + order.indexOf(s.stage);
  const rows = msg.stages.filter(s => s.count > 0).sort((a, b) => rank(a) - rank(b)).map(s => el('tr', null, el('td', null, s.venue), el('td', null, s.stage),
    el('td', null, num(s.count)), el('td', null, num(s.p50)), el('td', null, num(s.p90)), el('td', null, num(s.p99)),
    el('td', null, num(s.p999))));
  $('#latency').tBodies[0].replaceChildren(...rows);
}

const palette = i => ['#6ab0f3', '#e0b050', '#c586c0', '#5fd38d', '#f07171', '#4ec9b0'][i % 6];

main().catch(e => console.error('dashboard failed to start', e));
