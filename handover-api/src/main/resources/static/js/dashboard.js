// The analysts' dashboard: fetches /api/v1/reports/* with the analyst's token and draws them with ECharts (from
// its webjar, loaded by the page as the global `echarts`). Every chart has its data as a table under it.
import {ApiError, api, claims, describeProblem, el, setToken, signIn, token, validToken} from './common.js';

const APP = 'dashboard';
const DEMO_USERS = [
  {subject: 'analyst-1', role: 'ANALYST', org: 'PHS'},
  {subject: 'admin', role: 'ADMIN', org: 'ADMIN'},
];
const OUTCOMES = ['CLEARED', 'CANCELLED', 'DIVERTED', 'ABSCONDED', 'ENDED_WITHOUT_HANDOVER'];
const OUTCOME_TEXT = {
  CLEARED: 'Cleared',
  CANCELLED: 'Cancelled',
  DIVERTED: 'Diverted',
  ABSCONDED: 'Absconded',
  ENDED_WITHOUT_HANDOVER: 'Ended without handover',
  OPEN: 'Still open',
};

const DISPOSITIONS = ['ADMITTED_INFORMAL', 'ADMITTED_DETAINED', 'DISCHARGED', 'REFERRED_COMMUNITY_MENTAL_HEALTH',
  'REFERRED_DBI', 'OTHER'];
const DISPOSITION_TEXT = {
  ADMITTED_INFORMAL: 'Admitted (informal)',
  ADMITTED_DETAINED: 'Admitted (detained)',
  DISCHARGED: 'Discharged',
  REFERRED_COMMUNITY_MENTAL_HEALTH: 'Referred to community mental health',
  REFERRED_DBI: 'Referred to DBI',
  OTHER: 'Other disposition',
};
const PATHWAYS = ['NHS24_MENTAL_HEALTH_HUB', 'DBI', 'OTHER'];
const PATHWAY_TEXT = {NHS24_MENTAL_HEALTH_HUB: 'NHS 24 mental health hub', DBI: 'DBI', OTHER: 'other pathway'};
const DELAYS = ['AWAITING_MENTAL_HEALTH_ASSESSMENT', 'AWAITING_MEDICAL_ASSESSMENT', 'AWAITING_MENTAL_HEALTH_OFFICER',
  'AWAITING_BED', 'INTOXICATION', 'STAFFING', 'OTHER'];
const DELAY_TEXT = {
  AWAITING_MENTAL_HEALTH_ASSESSMENT: 'Awaiting mental health assessment',
  AWAITING_MEDICAL_ASSESSMENT: 'Awaiting medical assessment',
  AWAITING_MENTAL_HEALTH_OFFICER: 'Awaiting a mental health officer',
  AWAITING_BED: 'Awaiting a bed',
  INTOXICATION: 'Intoxication',
  STAFFING: 'Staffing',
  OTHER: 'Other reason',
};
const LEGAL_TEXT = {S297: 's297', S136: 's136', VOLUNTARY: 'Voluntary', ARREST: 'Arrest', OTHER: 'Other basis',
  UNKNOWN: 'Not recorded'};
const TYPE_TEXT = {EMERGENCY_DEPARTMENT: 'Emergency department', PLACE_OF_SAFETY: 'Place of safety',
  SAFE_SPACE: 'Safe space', UNKNOWN: 'Unknown type'};
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const WEEKDAY_TEXT = {MONDAY: 'Mon', TUESDAY: 'Tue', WEDNESDAY: 'Wed', THURSDAY: 'Thu', FRIDAY: 'Fri',
  SATURDAY: 'Sat', SUNDAY: 'Sun'};
const HOURS = Array.from({length: 24}, (_, h) => String(h).padStart(2, '0'));

const $ = (id) => document.getElementById(id);
const charts = {};
let retryTimer = null;

// ---------------------------------------------------------------------------------------------------------------
// Dates: the form shows the last day included; the API takes `to` exclusive.

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

/** Today in Europe/London as YYYY-MM-DD. */
function londonToday() {
  return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/London'}).format(new Date());
}

/** The last four ISO weeks: from the Monday three weeks before this week's, to today. */
function defaultRange() {
  const today = londonToday();
  const d = new Date(today + 'T00:00:00Z');
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return {from: addDays(today, -sinceMonday - 3 * 7), to: today};
}

// ---------------------------------------------------------------------------------------------------------------
// API

function filters() {
  return {
    from: $('from').value,
    to: $('to').value ? addDays($('to').value, 1) : '',
    siteCode: $('site').value,
    division: $('division').value,
  };
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value) {
      q.set(key, value);
    }
  }
  return q.toString();
}

async function report(groupBy, overrides = {}) {
  const params = {...filters(), groupBy, ...overrides};
  return (await api(APP, 'GET', '/api/v1/reports/handover-times?' + query(params))).body;
}

async function distribution() {
  const {from, to, siteCode, division} = filters();
  return (await api(APP, 'GET', '/api/v1/reports/handover-time-distribution?' +
    query({from, to, siteCode, division, binMinutes: 15, maxMinutes: 360}))).body;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const minutes = (seconds) => (seconds === null || seconds === undefined ? null : Math.round(seconds / 6) / 10);
const text = (value, suffix = '') => (value === null || value === undefined ? '—' : value + suffix);
const percent = (part, whole) => (whole ? Math.round((1000 * part) / whole) / 10 : null);
const number = new Intl.NumberFormat('en-GB', {maximumFractionDigits: 2});

function table(id, caption, headers, rows) {
  const t = el('table', {class: 'govuk-table toc-data-table'},
    el('caption', {class: 'govuk-table__caption govuk-table__caption--s'}, caption),
    el('thead', {class: 'govuk-table__head'},
      el('tr', {class: 'govuk-table__row'},
        headers.map((h) => el('th', {scope: 'col', class: 'govuk-table__header'}, h)))),
    el('tbody', {class: 'govuk-table__body'},
      rows.map((row) => el('tr', {class: 'govuk-table__row'},
        row.map((cell, i) => i === 0
          ? el('th', {scope: 'row', class: 'govuk-table__header'}, String(cell))
          : el('td', {class: 'govuk-table__cell'}, text(cell)))))));
  if (!rows.length) {
    $(id).replaceChildren(el('p', {class: 'govuk-body'}, 'No cases in this period.'));
    return;
  }
  const download = el('button', {type: 'button', class: 'govuk-button govuk-button--secondary toc-table-csv',
    'data-table': id}, 'Download this table as CSV');
  download.addEventListener('click', () => saveCsv(id, headers, rows));
  $(id).replaceChildren(t, download);
}

// ---------------------------------------------------------------------------------------------------------------
// A table as CSV (RFC 4180, CRLF), saved by the browser. Cells that a spreadsheet would run as a formula (starting
// with = + - @, a tab or a carriage return, and not a plain number) get a leading ' as the API's CSV does.

function csvCell(value) {
  let cell = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)) {
    cell = "'" + cell;
  }
  return /[",\r\n']/.test(cell) ? '"' + cell.replaceAll('"', '""') + '"' : cell;
}

function saveCsv(id, headers, rows) {
  const lines = [headers, ...rows].map((row) => row.map(csvCell).join(','));
  const blob = new Blob([lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
  const f = filters();
  const name = id.replace(/^table-/, '') + '_' + f.from + '_' + f.to +
    (f.siteCode ? '_' + f.siteCode : '') + (f.division ? '_' + f.division : '') + '.csv';
  const link = el('a', {href: URL.createObjectURL(blob), download: name});
  document.body.append(link);
  link.click();
  link.remove();
  status('Downloaded ' + name + '.');
}

function chart(id, option) {
  if (!window.echarts) {
    $(id).replaceChildren(el('p', {class: 'govuk-body'}, 'Charts are unavailable; the table below has the data.'));
    return;
  }
  if (!charts[id]) {
    charts[id] = window.echarts.init($(id), null, {renderer: 'canvas'});
  }
  // Tooltips drawn in the canvas (no HTML with inline styles: the pages' CSP allows none); aria adds a description.
  charts[id].setOption({
    aria: {enabled: true},
    tooltip: {trigger: 'axis', renderMode: 'richText'},
    animation: false,
    ...option,
  }, true);
}

window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

// ---------------------------------------------------------------------------------------------------------------
// The panels

function renderSummary(bySite) {
  const total = (f) => bySite.groups.reduce((sum, g) => sum + f(g), 0);
  const cases = total((g) => g.cases);
  const open = total((g) => g.open);
  const handovers = total((g) => g.handoverTime.count);
  const within60 = total((g) => g.handoverWithin['60']);
  const complete = total((g) => g.complete);
  const tiles = [
    ['Cases', cases, 'tile-cases'],
    ['Still open', open, 'tile-open'],
    ['Handovers within 60 min', handovers ? percent(within60, handovers) + '%' : '—', 'tile-within60'],
    ['Hours lost beyond 60 min', number.format(total((g) => g.hoursLostBeyond60)), 'tile-lost60'],
    ['Officer-hours at EDs', number.format(total((g) => g.officerHours)), 'tile-officer-hours'],
    ['Closed cases with every time point', cases - open ? percent(complete, cases - open) + '%' : '—', 'tile-complete'],
    ['Closed as not recorded (no time figures)', total((g) => g.closedNotRecorded), 'tile-not-recorded'],
    ['ED visits avoided (referred at scene)', total((g) => g.avoidedByReferralAtScene), 'tile-avoided'],
    ['Stays over 12 hours', total((g) => g.over12h), 'tile-over12h'],
    ['Legal-clock breaches', total((g) => g.legalClockBreaches), 'tile-legal-breaches'],
    ['Repeat attendances within 30 days', total((g) => g.repeatAttendances30d), 'tile-repeats'],
  ];
  $('summary').replaceChildren(...tiles.map(([label, value, id]) =>
    el('div', {class: 'toc-tile'}, el('dt', {}, label), el('dd', {id}, String(value)))));
}

function renderDistribution(d) {
  const labels = d.bins.map((b) => b.fromMinutes + '–' + b.toMinutes).concat(['> ' + d.maxMinutes]);
  const counts = d.bins.map((b) => b.count).concat([d.over]);
  chart('chart-distribution', {
    grid: {left: 50, right: 20, top: 20, bottom: 70},
    xAxis: {type: 'category', data: labels, name: 'minutes', nameLocation: 'middle', nameGap: 50,
      axisLabel: {rotate: 45}},
    yAxis: {type: 'value', name: 'cases', minInterval: 1},
    series: [{type: 'bar', name: 'Cases', data: counts, itemStyle: {color: '#1d70b8'}}],
  });
  table('table-distribution', 'Handover time (minutes) and number of cases',
    ['Handover time (minutes)', 'Cases'], labels.map((label, i) => [label, counts[i]]));
}

function renderTrend(weeks, perSite) {
  const ranked = [...perSite].sort((a, b) => b.cases - a.cases);
  const selected = {};
  const series = [];
  ranked.forEach((s, i) => {
    const show = i < 4;
    const byKey = new Map(s.weeks.groups.map((g) => [g.key, g]));
    series.push({name: s.site + ' median', type: 'line', connectNulls: false,
      data: weeks.map((w) => minutes(byKey.get(w)?.handoverTime.median))});
    series.push({name: s.site + ' 90th', type: 'line', lineStyle: {type: 'dashed'}, connectNulls: false,
      data: weeks.map((w) => minutes(byKey.get(w)?.handoverTime.p90))});
    selected[s.site + ' median'] = show;
    selected[s.site + ' 90th'] = show;
  });
  chart('chart-trend', {
    grid: {left: 60, right: 20, top: 90, bottom: 40},
    legend: {type: 'scroll', top: 0, selected},
    xAxis: {type: 'category', data: weeks},
    yAxis: {type: 'value', name: 'minutes'},
    series,
  });
  const rows = [];
  for (const s of ranked) {
    for (const g of s.weeks.groups) {
      if (g.handoverTime.count > 0) {
        rows.push([g.key + ' ' + s.site, g.handoverTime.count, minutes(g.handoverTime.median),
          minutes(g.handoverTime.p90)]);
      }
    }
  }
  table('table-trend', 'Handover time by ISO week and site (minutes)',
    ['Week and site', 'Handovers', 'Median (min)', '90th percentile (min)'], rows);
}

function renderWithin(byWeek) {
  const weeks = byWeek.groups.map((g) => g.key);
  const share = (m) => byWeek.groups.map((g) => percent(g.handoverWithin[m], g.handoverTime.count));
  chart('chart-within', {
    grid: {left: 50, right: 20, top: 40, bottom: 40},
    legend: {top: 0},
    xAxis: {type: 'category', data: weeks},
    yAxis: {type: 'value', name: '%', min: 0, max: 100},
    series: [
      {name: 'Within 15 min', type: 'line', data: share('15')},
      {name: 'Within 30 min', type: 'line', data: share('30')},
      {name: 'Within 60 min', type: 'line', data: share('60')},
    ],
  });
  table('table-within', 'Share of handovers within 15, 30 and 60 minutes by ISO week',
    ['Week', 'Handovers', 'Within 15 min (%)', 'Within 30 min (%)', 'Within 60 min (%)'],
    byWeek.groups.map((g) => [g.key, g.handoverTime.count, percent(g.handoverWithin['15'], g.handoverTime.count),
      percent(g.handoverWithin['30'], g.handoverTime.count), percent(g.handoverWithin['60'], g.handoverTime.count)]));
}

function renderOfficerHours(months, perSite) {
  chart('chart-officer-hours', {
    grid: {left: 60, right: 20, top: 60, bottom: 40},
    legend: {type: 'scroll', top: 0},
    xAxis: {type: 'category', data: months},
    yAxis: {type: 'value', name: 'officer-hours'},
    series: perSite.map((s) => {
      const byKey = new Map(s.months.groups.map((g) => [g.key, g]));
      return {name: s.site, type: 'bar', stack: 'hours', data: months.map((m) => byKey.get(m)?.officerHours ?? 0)};
    }),
  });
  const rows = [];
  for (const s of perSite) {
    for (const g of s.months.groups) {
      if (g.cases > 0) {
        rows.push([g.key + ' ' + s.site, g.cases, g.officerHours]);
      }
    }
  }
  table('table-officer-hours', 'Officer-hours by month and site', ['Month and site', 'Cases', 'Officer-hours'], rows);
}

function renderOutcomes(bySite) {
  const sites = bySite.groups.map((g) => g.key);
  const series = OUTCOMES.map((o) => ({name: OUTCOME_TEXT[o], type: 'bar', stack: 'cases',
    data: bySite.groups.map((g) => g.outcomes[o] ?? 0)}));
  series.push({name: OUTCOME_TEXT.OPEN, type: 'bar', stack: 'cases', data: bySite.groups.map((g) => g.open)});
  chart('chart-outcomes', {
    grid: {left: 70, right: 20, top: 60, bottom: 30},
    legend: {top: 0},
    xAxis: {type: 'value', name: 'cases', minInterval: 1},
    yAxis: {type: 'category', data: sites, inverse: true},
    series,
  });
  table('table-outcomes', 'Cases by site and outcome',
    ['Site', 'Cases', ...OUTCOMES.map((o) => OUTCOME_TEXT[o]), OUTCOME_TEXT.OPEN],
    bySite.groups.map((g) => [g.key, g.cases, ...OUTCOMES.map((o) => g.outcomes[o] ?? 0), g.open]));
}

function renderDispositions(bySite) {
  const sites = bySite.groups.map((g) => g.key);
  const series = DISPOSITIONS.map((d) => ({name: DISPOSITION_TEXT[d], type: 'bar', stack: 'cases',
    data: bySite.groups.map((g) => g.dispositions[d])}));
  series.push({name: 'ED visit avoided', type: 'bar', stack: 'cases',
    data: bySite.groups.map((g) => g.avoidedByReferralAtScene)});
  chart('chart-dispositions', {
    grid: {left: 70, right: 20, top: 80, bottom: 30},
    legend: {type: 'scroll', top: 0},
    xAxis: {type: 'value', name: 'cases', minInterval: 1},
    yAxis: {type: 'category', data: sites, inverse: true},
    series,
  });
  table('table-dispositions', 'Closed cases by site and disposition, and ED visits avoided by pathway',
    ['Site', ...DISPOSITIONS.map((d) => DISPOSITION_TEXT[d]), 'ED visits avoided',
      ...PATHWAYS.map((p) => 'Avoided: ' + PATHWAY_TEXT[p])],
    bySite.groups.map((g) => [g.key, ...DISPOSITIONS.map((d) => g.dispositions[d]), g.avoidedByReferralAtScene,
      ...PATHWAYS.map((p) => g.avoidedByReferralPathway[p])]));
}

function renderDelays(bySite) {
  const sites = bySite.groups.map((g) => g.key);
  chart('chart-delays', {
    grid: {left: 70, right: 20, top: 80, bottom: 30},
    legend: {type: 'scroll', top: 0},
    xAxis: {type: 'value', name: 'cases', minInterval: 1},
    yAxis: {type: 'category', data: sites, inverse: true},
    series: DELAYS.map((d) => ({name: DELAY_TEXT[d], type: 'bar', data: bySite.groups.map((g) => g.delayReasons[d])})),
  });
  table('table-delays', 'Closed cases by site and delay reason; arrival to assessment in minutes',
    ['Site', ...DELAYS.map((d) => DELAY_TEXT[d]), 'Assessments', 'Arrival to assessment, median (min)'],
    bySite.groups.map((g) => [g.key, ...DELAYS.map((d) => g.delayReasons[d]), g.arrivalToAssessment.count,
      minutes(g.arrivalToAssessment.median)]));
}

function renderLegal(byBasis) {
  const bases = byBasis.groups.map((g) => LEGAL_TEXT[g.key] || g.key);
  const measures = [
    ['Over 4 h', (g) => g.over4h],
    ['Over 8 h', (g) => g.over8h],
    ['Over 12 h', (g) => g.over12h],
    ['Escalated to level 1', (g) => g.escalations['1']],
    ['Escalated to level 2', (g) => g.escalations['2']],
    ['Escalated to level 3', (g) => g.escalations['3']],
    ['Legal-clock breaches', (g) => g.legalClockBreaches],
    ['Repeat attendances (30 days)', (g) => g.repeatAttendances30d],
  ];
  chart('chart-legal', {
    grid: {left: 60, right: 20, top: 80, bottom: 40},
    legend: {type: 'scroll', top: 0},
    xAxis: {type: 'category', data: bases},
    yAxis: {type: 'value', name: 'cases', minInterval: 1},
    series: measures.map(([name, f]) => ({name, type: 'bar', data: byBasis.groups.map(f)})),
  });
  table('table-legal', 'Closed cases by legal basis: long stays, escalations, legal clocks and repeats',
    ['Legal basis', 'Cases', ...measures.map(([name]) => name)],
    byBasis.groups.map((g) => [LEGAL_TEXT[g.key] || g.key, g.cases, ...measures.map(([, f]) => f(g))]));
}

function renderPlaces(byPlace) {
  const boards = [...new Set(byPlace.groups.map((g) => g.keys[1]))].sort();
  const types = [...new Set(byPlace.groups.map((g) => g.keys[0]))];
  const cell = new Map(byPlace.groups.map((g) => [g.key, g]));
  chart('chart-places', {
    grid: {left: 200, right: 20, top: 40, bottom: 30},
    legend: {top: 0},
    xAxis: {type: 'value', name: 'cases', minInterval: 1},
    yAxis: {type: 'category', data: boards, inverse: true},
    series: types.map((t) => ({name: TYPE_TEXT[t] || t, type: 'bar', stack: 'cases',
      data: boards.map((b) => cell.get(t + '|' + b)?.cases ?? 0)})),
  });
  table('table-places', 'Cases by type of place and NHS board; handover and time at the site in minutes',
    ['Type and board', 'Cases', 'Handover, median (min)', 'Time at the site, median (min)', 'Over 4 h',
      'ED visits avoided'],
    byPlace.groups.map((g) => [(TYPE_TEXT[g.keys[0]] || g.keys[0]) + ', ' + g.keys[1], g.cases,
      minutes(g.handoverTime.median), minutes(g.timeAtEd.median), g.over4h, g.avoidedByReferralAtScene]));
}

function renderHeatmap(byWeekdayHour) {
  const cell = new Map(byWeekdayHour.groups.map((g) => [g.key, g.cases]));
  const data = [];
  let max = 0;
  WEEKDAYS.forEach((d, y) => HOURS.forEach((h, x) => {
    const cases = cell.get(d + '|' + h) ?? 0;
    max = Math.max(max, cases);
    data.push([x, y, cases]);
  }));
  chart('chart-heatmap', {
    tooltip: {position: 'top', renderMode: 'richText'},
    grid: {left: 50, right: 20, top: 20, bottom: 80},
    xAxis: {type: 'category', data: HOURS, name: 'hour', nameLocation: 'middle', nameGap: 25, splitArea: {show: true}},
    yAxis: {type: 'category', data: WEEKDAYS.map((d) => WEEKDAY_TEXT[d]), inverse: true, splitArea: {show: true}},
    visualMap: {min: 0, max: Math.max(1, max), calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      inRange: {color: ['#f3f2f1', '#1d70b8', '#003078']}},
    series: [{name: 'Cases', type: 'heatmap', data, label: {show: false}}],
  });
  table('table-heatmap', 'Cases by Europe/London weekday (rows) and hour of arrival (columns)',
    ['Weekday', ...HOURS],
    WEEKDAYS.map((d) => [WEEKDAY_TEXT[d], ...HOURS.map((h) => cell.get(d + '|' + h) ?? 0)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

function status(message) {
  $('status').textContent = message;
}

/** The form's inputs of the report parameters the API names in its problems. */
const FIELD_INPUTS = {from: 'from', to: 'to', siteCode: 'site', division: 'division'};

/**
 * Shows problems with the filters as a GOV.UK error summary (each linking to its input) and, for the dates, an error
 * message at the input; none clears them. Each problem is {field, message}.
 */
function showErrors(problems) {
  for (const field of ['from', 'to']) {
    const mine = problems.filter((p) => p.field === field);
    $(field + '-error').replaceChildren(...(mine.length ? [el('span', {class: 'govuk-visually-hidden'}, 'Error:'),
      ' ' + mine.map((p) => p.message).join(' ')] : []));
    $(field + '-error').classList.toggle('toc-hidden', !mine.length);
    $(field + '-group').classList.toggle('govuk-form-group--error', mine.length > 0);
    $(field).classList.toggle('govuk-input--error', mine.length > 0);
  }
  $('error-list').replaceChildren(...problems.map((p) => el('li', {},
    el('a', {class: 'govuk-link', href: '#' + (FIELD_INPUTS[p.field] || 'from')}, p.message))));
  $('error-summary').classList.toggle('toc-hidden', !problems.length);
  if (problems.length) {
    $('error-summary').focus();
  }
}

async function load() {
  clearTimeout(retryTimer);
  const f = filters();
  if (!f.from || !f.to) {
    status('Choose both dates.');
    showErrors([['from', f.from], ['to', f.to]].filter(([, value]) => !value).map(([field]) => ({field,
      message: field === 'from' ? 'Enter the first day' : 'Enter the last day'})));
    return;
  }
  showErrors([]);
  status('Loading the reports…');
  try {
    const [bySite, byWeek, dist, byBasis, byPlace, byWeekdayHour] = await Promise.all([report('site'),
      report('week'), distribution(), report('legalBasis'), report('siteType,board'), report('weekday,hour')]);
    const sites = bySite.groups.map((g) => g.key);
    const perSite = await Promise.all(sites.map(async (site) => {
      const [weeks, months] = await Promise.all([report('week', {siteCode: site}), report('month', {siteCode: site})]);
      return {site, cases: bySite.groups.find((g) => g.key === site).cases, weeks, months};
    }));
    const months = perSite.length ? perSite[0].months.groups.map((g) => g.key) : [];
    renderSummary(bySite);
    renderDistribution(dist);
    renderTrend(byWeek.groups.map((g) => g.key), perSite);
    renderWithin(byWeek);
    renderOfficerHours(months, perSite);
    renderOutcomes(bySite);
    renderDispositions(bySite);
    renderDelays(bySite);
    renderLegal(byBasis);
    renderPlaces(byPlace);
    renderHeatmap(byWeekdayHour);
    const cases = bySite.groups.reduce((sum, g) => sum + g.cases, 0);
    status('Showing ' + cases + ' cases from ' + $('from').value + ' to ' + $('to').value + ' (Europe/London days)' +
      ($('site').value ? ' at ' + $('site').value : '') +
      ($('division').value ? ', division ' + $('division').value : '') + '.');
    document.body.dataset.loaded = String(Date.now());
  } catch (e) {
    failed(e);
  }
}

function failed(e) {
  if (e instanceof ApiError && e.status === 401) {
    signOut('Your sign-in has expired: sign in again.');
  } else if (e instanceof ApiError && e.status === 403) {
    status('This user may not see reports: they are for analysts and administrators.');
  } else if (e instanceof ApiError && e.status === 503) {
    const seconds = e.retryAfter || 5;
    status('The reports are still loading the case history; trying again in ' + seconds + ' s.');
    retryTimer = setTimeout(load, seconds * 1000);
  } else {
    status('The reports could not be loaded: ' + describeProblem(e));
    if (e instanceof ApiError && e.status === 400 && e.problem && Array.isArray(e.problem.errors)) {
      // The API judged the filters (e.g. the last day before the first): its words, at the inputs.
      showErrors(e.problem.errors.map((p) => ({field: p.field,
        message: p.rule === 'after-from' ? 'The last day must be the same as or after the first day'
          : p.message || p.rule})));
    }
  }
}

async function downloadCsv(event) {
  event.preventDefault();
  const params = {...filters(), groupBy: $('csv-group').value};
  try {
    const response = await fetch('/api/v1/reports/handover-times?' + query(params), {
      headers: {Accept: 'text/csv', Authorization: 'Bearer ' + token(APP)},
      cache: 'no-store',
    });
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch (ignored) {
        problem = null;
      }
      throw new ApiError(response.status, problem, Number(response.headers.get('Retry-After')) || null);
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="?([^";]+)"?/.exec(disposition);
    const link = el('a', {href: URL.createObjectURL(await response.blob()),
      download: match ? match[1] : 'handover-times.csv'});
    document.body.append(link);
    link.click();
    link.remove();
    status('Downloaded ' + (match ? match[1] : 'the CSV') + '.');
  } catch (e) {
    failed(e);
  }
}

async function fillPickers() {
  try {
    const reference = (await api(APP, 'GET', '/api/v1/sites')).body;
    $('site').append(...reference.sites.map((s) => el('option', {value: s.code}, s.code + ' — ' + s.name)));
    $('division').append(...reference.divisions.map((d) => el('option', {value: d.code}, d.code + ' — ' + d.name)));
  } catch (e) {
    status('Could not load the sites and divisions: ' + describeProblem(e));
  }
}

function signOut(message) {
  setToken(APP, null);
  $('app').classList.add('toc-hidden');
  $('signin').classList.remove('toc-hidden');
  $('user').textContent = '';
  signIn(APP, $('signin'), DEMO_USERS, start);
  if (message) {
    $('signin').append(el('p', {class: 'govuk-body', role: 'alert'}, message));
  }
}

async function start(jwt) {
  const c = claims(jwt) || {};
  $('user').textContent = 'Signed in as ' + (c.sub || '?') + ' (' + (c.role || '?') + ', ' + (c.org || '?') + ')';
  $('signin').classList.add('toc-hidden');
  $('app').classList.remove('toc-hidden');
  if (!$('from').value) {
    const range = defaultRange();
    $('from').value = range.from;
    $('to').value = range.to;
  }
  if ($('site').options.length === 1) {
    await fillPickers();
  }
  await load();
}

$('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
$('download').addEventListener('submit', downloadCsv);
$('sign-out').addEventListener('click', () => signOut());

const existing = validToken(APP);
if (existing) {
  start(existing);
} else {
  signIn(APP, $('signin'), DEMO_USERS, start);
}
