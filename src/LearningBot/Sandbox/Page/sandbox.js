// The sandbox client: polls the emulated workspace, renders Block Kit, and sends what the person does to /sandbox/*,
// where it becomes the signed request Slack would send the bot. No build step: plain DOM code.
'use strict';

const $ = (id) => document.getElementById(id);
const ui = {
  me: new URLSearchParams(location.search).get('as') || localStorage.getItem('sandbox-me'),
  view: null,          // 'home' or a conversation id
  thread: null,        // { channel, ts }
  data: null,
  seen: {},
  cache: new Map(),    // message key -> { json, node }
  homeKey: null,
  modalKey: null,
  threadKey: null,
  usersKey: null,
};

const EMOJI = {
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', tada: '🎉', books: '📚', book: '📖', bulb: '💡', clock1: '🕐',
  alarm_clock: '⏰', calendar: '📅', mag: '🔍', speech_balloon: '💬', star: '⭐', warning: '⚠️', rocket: '🚀', wave: '👋',
  thumbsup: '👍', '+1': '👍', brain: '🧠', trophy: '🏆', hourglass: '⌛', pause_button: '⏸️', arrow_forward: '▶️',
  handshake: '🤝', stopwatch: '⏱️', large_yellow_circle: '🟡', large_green_circle: '🟢', red_circle: '🔴', memo: '📝', dart: '🎯', sparkles: '✨', zzz: '💤', link: '🔗', movie_camera: '🎥', question: '❓',
  bookmark: '🔖', fire: '🔥', double_vertical_bar: '⏸️', envelope: '✉️', headphones: '🎧', hourglass_flowing_sand: '⏳', white_circle: '⚪', chart_with_upwards_trend: '📈',
};

// ---------- talking to the sandbox ----------

async function post(path, body) {
  let json = {};
  try {
    const response = await fetch('/sandbox/' + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    json = await response.json().catch(() => ({}));
    if (!response.ok || json.ok === false) toast(json.error || json.title || 'HTTP ' + response.status);
  } catch (e) {
    toast('The sandbox did not answer: ' + e.message);
  }
  setTimeout(refresh, 150);
  return json;
}

function toast(text) {
  const box = $('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

let polling = null;
async function refresh() {
  try {
    const response = await fetch('/sandbox/state' + (ui.me ? '?user=' + encodeURIComponent(ui.me) : ''));
    if (response.ok) render(await response.json());
  } catch {
    // the bot is restarting; the next poll tries again
  }
}

function schedulePoll() {
  clearTimeout(polling);
  polling = setTimeout(async () => { await refresh(); schedulePoll(); }, 1000);
}

// ---------- text ----------

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function decodeSlack(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function emoji(html) {
  return html.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] || m);
}

function userName(id) {
  const user = (ui.data?.users || []).find((u) => u.id === id);
  if (user) return user.realName;
  if (ui.data?.bot?.id === id) return ui.data.bot.name;
  return id;
}

function specialToken(token) {
  const [target, label] = token.split('|');
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(label || userName(target.slice(1)))}</span>`;
  if (target.startsWith('#')) {
    const channel = (ui.data?.conversations || []).find((c) => c.id === target.slice(1));
    return `<span class="mention">${escapeHtml(label ? '#' + label : channel ? channel.name : target)}</span>`;
  }
  if (target.startsWith('!date^')) return dateToken(target, label);
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml((label || target.slice(1)).replace(/^subteam\^/, ''))}</span>`;
  if (permalinkOf(target)) {
    return `<a href="${escapeHtml(target)}" data-permalink="true" data-testid="permalink">${escapeHtml(label || target)}</a>`;
  }
  if (/^(https?:|mailto:)/i.test(target)) {
    return `<a href="${escapeHtml(target)}" target="_blank" rel="noopener">${escapeHtml(label || target)}</a>`;
  }
  return escapeHtml('<' + token + '>');
}

// A Slack permalink (https://<workspace>/archives/<channel>/p<ts digits>[?thread_ts=…]) as { channel, ts } of the thread to open.
function permalinkOf(href) {
  let url;
  try { url = new URL(href, location.href); } catch { return null; }
  const match = url.pathname.match(/\/archives\/([A-Z0-9]+)\/p(\d{7,})$/);
  if (!match || !/^https?:$/.test(url.protocol)) return null;
  const ts = match[2].slice(0, -6) + '.' + match[2].slice(-6);
  return { channel: match[1], ts: url.searchParams.get('thread_ts') || ts };
}

// <!date^unix^format|fallback>: shown in the viewer's own time zone, as Slack does.
function dateToken(target, fallback) {
  const [, seconds, format] = target.split('^');
  const at = new Date(Number(seconds) * 1000);
  if (Number.isNaN(at.getTime()) || !format) return escapeHtml(fallback || '');
  const me = (ui.data?.users || []).find((u) => u.id === ui.me);
  const zone = me?.tz ? { timeZone: me.tz } : {};
  const day = at.toLocaleDateString('en-GB', { ...zone, weekday: 'short', day: 'numeric', month: 'short' });
  const time = at.toLocaleTimeString('en-GB', { ...zone, hour: '2-digit', minute: '2-digit' });
  const text = format.replace(/\{date[a-z_]*\}/g, day).replace(/\{time(_secs)?\}/g, time);
  return `<span class="date" title="${escapeHtml(fallback || '')}">${escapeHtml(text)}</span>`;
}

function inline(text) {
  let html = escapeHtml(decodeSlack(text));
  html = html.replace(/`([^`\n]+)`/g, '<code>$1</code>');
  html = html.replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s.,;:!?)<])/g, '$1<b>$2</b>');
  html = html.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s.,;:!?)<])/g, '$1<i>$2</i>');
  html = html.replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s.,;:!?)<])/g, '$1<s>$2</s>');
  return emoji(html);
}

function line(text) {
  return text.split(/(<[^<>\n]+>)/g).map((part) => (/^<[^<>]+>$/.test(part) ? specialToken(part.slice(1, -1)) : inline(part))).join('');
}

function mrkdwn(text) {
  const segments = String(text || '').split('```');
  return segments.map((segment, i) => {
    if (i % 2 === 1) return `<pre>${escapeHtml(decodeSlack(segment.replace(/^\n/, '')))}</pre>`;
    return segment.split('\n').map((l) => {
      const quote = l.match(/^(&gt;|>)\s?(.*)$/);
      return quote ? `<blockquote>${line(quote[2])}</blockquote>` : line(l);
    }).join('<br>');
  }).join('');
}

function textHtml(obj) {
  if (!obj) return '';
  return obj.type === 'mrkdwn' ? mrkdwn(obj.text) : emoji(escapeHtml(obj.text)).replace(/\n/g, '<br>');
}

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

// ---------- Block Kit ----------

// ctx: { source: { channel, ts } | { viewId }, root: () => Element, inInput: bool }
function renderBlocks(blocks, ctx) {
  const box = el('div', 'blocks');
  (blocks || []).forEach((block, index) => {
    const blockId = block.block_id || `b${index}`;
    const node = renderBlock(block, blockId, ctx);
    if (node) {
      node.dataset.blockType = block.type;
      node.dataset.blockId = blockId;
      box.appendChild(node);
    }
  });
  return box;
}

function renderBlock(block, blockId, ctx) {
  switch (block.type) {
    case 'header': return el('div', 'block header', textHtml(block.text));
    case 'divider': return el('hr', 'block divider');
    case 'section': {
      const node = el('div', 'block section');
      const main = el('div', 'section-main');
      if (block.text) main.appendChild(el('div', 'mrkdwn', textHtml(block.text)));
      if (block.fields) {
        const fields = el('div', 'fields');
        block.fields.forEach((f) => fields.appendChild(el('div', 'mrkdwn', textHtml(f))));
        main.appendChild(fields);
      }
      node.appendChild(main);
      if (block.accessory) {
        const accessory = el('div', 'accessory');
        accessory.appendChild(renderElement(block.accessory, blockId, { ...ctx, inInput: false }));
        node.appendChild(accessory);
      }
      return node;
    }
    case 'context': {
      const node = el('div', 'block context');
      (block.elements || []).forEach((e) => {
        if (e.type === 'image') node.appendChild(image(e.image_url, e.alt_text));
        else node.appendChild(el('span', 'mrkdwn', textHtml(e)));
      });
      return node;
    }
    case 'image': {
      const node = el('div', 'block image');
      if (block.title) node.appendChild(el('div', 'image-title', textHtml(block.title)));
      node.appendChild(image(block.image_url, block.alt_text));
      return node;
    }
    case 'video': return video(block);
    case 'actions': {
      const node = el('div', 'block actions');
      (block.elements || []).forEach((e) => node.appendChild(renderElement(e, blockId, { ...ctx, inInput: false })));
      return node;
    }
    case 'input': {
      const node = el('div', 'block input');
      node.appendChild(el('div', 'label', textHtml(block.label) + (block.optional ? ' <span class="hint-text">(optional)</span>' : '')));
      node.appendChild(renderElement(block.element, blockId, { ...ctx, inInput: !block.dispatch_action }));
      if (block.hint) node.appendChild(el('div', 'hint-text', textHtml(block.hint)));
      node.appendChild(el('div', 'error'));
      return node;
    }
    case 'rich_text': return null;
    default: return el('div', 'block unknown', `<span class="hint-text">[${escapeHtml(block.type)} block]</span>`);
  }
}

function image(url, alt) {
  const img = document.createElement('img');
  img.src = url;
  img.alt = alt || '';
  img.title = alt || '';
  img.onerror = () => img.replaceWith(el('div', 'broken-image', '🖼 ' + escapeHtml(alt || url)));
  return img;
}

function video(block) {
  const node = el('div', 'block video');
  const title = block.title_url
    ? `<a href="${escapeHtml(block.title_url)}" target="_blank" rel="noopener">${textHtml(block.title)}</a>`
    : textHtml(block.title);
  node.appendChild(el('div', 'video-title', '🎥 ' + title));
  const frame = el('div', 'video-frame');
  frame.dataset.testid = 'video-thumbnail';
  frame.appendChild(image(block.thumbnail_url, block.alt_text));
  frame.appendChild(el('div', 'play', '▶'));
  frame.title = 'Play ' + (block.alt_text || '');
  frame.onclick = () => {
    const player = /\.(mp4|webm|ogg)(\?|$)/i.test(block.video_url) ? document.createElement('video') : document.createElement('iframe');
    player.src = block.video_url;
    if (player.tagName === 'VIDEO') { player.controls = true; player.autoplay = true; } else { player.allow = 'autoplay; encrypted-media'; }
    frame.replaceWith(player);
  };
  node.appendChild(frame);
  if (block.description) node.appendChild(el('div', 'mrkdwn', textHtml(block.description)));
  const by = [block.author_name, block.provider_name].filter(Boolean).join(' · ');
  if (by) node.appendChild(el('div', 'hint-text', escapeHtml(by)));
  return node;
}

function optionLabel(option) {
  return textHtml(option.text) + (option.description ? `<span class="description">${textHtml(option.description)}</span>` : '');
}

function plainOption(option) {
  const copy = { text: option.text, value: option.value };
  if (option.description) copy.description = option.description;
  return copy;
}

function renderElement(element, blockId, ctx) {
  const dispatch = !ctx.inInput;
  const mark = (node, read) => {
    node.dataset.actionId = element.action_id || '';
    node.dataset.blockId = blockId;
    node.readState = read;
    return node;
  };
  const act = (action) => sendAction(ctx, { ...action, action_id: element.action_id, block_id: blockId });

  switch (element.type) {
    case 'button': {
      const button = el('button', 'btn' + (element.style ? ' ' + element.style : ''), textHtml(element.text));
      button.type = 'button';
      button.dataset.actionId = element.action_id || '';
      button.onclick = async () => {
        if (element.confirm && !window.confirm(element.confirm.text?.text || 'Are you sure?')) return;
        if (element.url) window.open(element.url, '_blank', 'noopener');
        button.disabled = true;
        await act({ type: 'button', value: element.value, text: element.text });
        button.disabled = false;
      };
      return button;
    }
    case 'checkboxes': {
      const box = el('div', 'choices checkboxes');
      const initial = new Set((element.initial_options || []).map((o) => o.value));
      element.options.forEach((option) => {
        const label = el('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.value = option.value;
        input.checked = initial.has(option.value);
        input.option = option;
        label.appendChild(input);
        label.appendChild(el('span', 'mrkdwn', optionLabel(option)));
        box.appendChild(label);
      });
      const read = () => ({ type: 'checkboxes', selected_options: [...box.querySelectorAll('input:checked')].map((i) => plainOption(i.option)) });
      if (dispatch) box.onchange = () => act(read());
      return mark(box, read);
    }
    case 'radio_buttons': {
      const box = el('div', 'choices radio-buttons');
      const name = 'r' + Math.random().toString(36).slice(2);
      element.options.forEach((option) => {
        const label = el('label');
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = name;
        input.value = option.value;
        input.checked = element.initial_option?.value === option.value;
        input.option = option;
        label.appendChild(input);
        label.appendChild(el('span', 'mrkdwn', optionLabel(option)));
        box.appendChild(label);
      });
      const read = () => {
        const checked = box.querySelector('input:checked');
        return { type: 'radio_buttons', selected_option: checked ? plainOption(checked.option) : null };
      };
      if (dispatch) box.onchange = () => act(read());
      return mark(box, read);
    }
    case 'static_select':
    case 'multi_static_select':
    case 'overflow': {
      const select = el('select', 'static-select');
      const multiple = element.type === 'multi_static_select';
      select.multiple = multiple;
      const options = [];
      if (!multiple) {
        const placeholder = el('option', '', escapeHtml(element.type === 'overflow' ? '⋯' : element.placeholder?.text || 'Select an item'));
        placeholder.value = '';
        select.appendChild(placeholder);
      }
      const add = (parent, option) => {
        const node = el('option', '', escapeHtml(option.text.text));
        node.value = String(options.length);
        options.push(option);
        const initial = multiple ? (element.initial_options || []).some((o) => o.value === option.value) : element.initial_option?.value === option.value;
        if (initial) node.selected = true;
        parent.appendChild(node);
      };
      (element.options || []).forEach((o) => add(select, o));
      (element.option_groups || []).forEach((group) => {
        const node = el('optgroup');
        node.label = group.label.text;
        group.options.forEach((o) => add(node, o));
        select.appendChild(node);
      });
      const read = () => {
        const chosen = [...select.selectedOptions].filter((o) => o.value !== '').map((o) => plainOption(options[Number(o.value)]));
        return multiple ? { type: element.type, selected_options: chosen } : { type: element.type, selected_option: chosen[0] || null };
      };
      if (dispatch) select.onchange = () => act(read());
      return mark(select, read);
    }
    case 'plain_text_input': {
      const input = element.multiline ? document.createElement('textarea') : document.createElement('input');
      if (!element.multiline) input.type = 'text';
      input.value = element.initial_value || '';
      input.placeholder = element.placeholder?.text || '';
      if (element.max_length) input.maxLength = element.max_length;
      const read = () => ({ type: 'plain_text_input', value: input.value === '' ? null : input.value });
      if (dispatch) input.onchange = () => act(read());
      return mark(input, read);
    }
    case 'number_input':
    case 'datepicker':
    case 'timepicker': {
      const input = document.createElement('input');
      input.type = { number_input: 'number', datepicker: 'date', timepicker: 'time' }[element.type];
      input.value = element.initial_value || element.initial_date || element.initial_time || '';
      const key = { number_input: 'value', datepicker: 'selected_date', timepicker: 'selected_time' }[element.type];
      const read = () => ({ type: element.type, [key]: input.value || null });
      if (dispatch) input.onchange = () => act(read());
      return mark(input, read);
    }
    case 'image': return image(element.image_url, element.alt_text);
    default: return el('span', 'hint-text', `[${escapeHtml(element.type)}]`);
  }
}

function collectState(root) {
  const values = {};
  root.querySelectorAll('[data-action-id]').forEach((node) => {
    if (!node.readState) return;
    const blockId = node.dataset.blockId;
    values[blockId] = values[blockId] || {};
    values[blockId][node.dataset.actionId] = node.readState();
  });
  return values;
}

function sendAction(ctx, action) {
  return post('act', {
    user: ui.me, channel: ctx.source.channel || null, ts: ctx.source.ts || null, viewId: ctx.source.viewId || null,
    action, state: collectState(ctx.root()),
  });
}

// ---------- messages ----------

function formatTime(ts) {
  const me = ui.data?.users.find((u) => u.id === ui.data.me);
  return new Date(parseFloat(ts) * 1000).toLocaleString('en-GB', {
    timeZone: me?.tz || 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit',
  });
}

function renderMessage(message, inThread) {
  const node = el('div', 'message');
  node.dataset.ts = message.ts;
  node.dataset.testid = 'message';
  if (message.bot) node.dataset.from = 'app';
  const avatar = el('div', 'avatar' + (message.bot ? ' app' : ''), escapeHtml((message.author || '?').slice(0, 1).toUpperCase()));
  const body = el('div', 'message-body');
  body.appendChild(el('div', 'author', escapeHtml(message.author)
    + (message.bot ? '<span class="app-tag">APP</span>' : '') + `<span class="time">${escapeHtml(formatTime(message.ts))}</span>`));
  if (message.ephemeral) body.appendChild(el('div', 'ephemeral-note', '👁 Only visible to you'));
  const ctx = { source: { channel: message.channel, ts: message.ts }, root: () => body, inInput: false };
  if (message.blocks && message.blocks.length) body.appendChild(renderBlocks(message.blocks, ctx));
  else body.appendChild(el('div', 'mrkdwn', mrkdwn(message.text)));
  if (!inThread && !message.ephemeral) {
    const conversation = ui.data.conversations.find((c) => c.id === message.channel);
    if (message.replies) {
      const link = el('button', 'thread-link', `${message.replies.length} ${message.replies.length === 1 ? 'reply' : 'replies'}`);
      link.type = 'button';
      link.dataset.testid = 'thread-link';
      link.onclick = () => openThread(message.channel, message.ts);
      body.appendChild(link);
    } else if (conversation?.kind === 'channel') {
      const reply = el('button', 'reply-action', 'Reply in thread');
      reply.type = 'button';
      reply.dataset.testid = 'reply-in-thread';
      reply.onclick = () => openThread(message.channel, message.ts);
      body.appendChild(reply);
    }
  }
  node.appendChild(avatar);
  node.appendChild(body);
  return node;
}

function openThread(channel, ts) {
  ui.thread = { channel, ts };
  ui.threadKey = null;
  render(ui.data);
}

// Opens a permalink's thread in the page, in its conversation, as Slack's client does; once the workspace state is known.
function openPermalink(link) {
  if (!ui.data) { ui.pendingLink = link; return; }
  ui.pendingLink = null;
  const conversation = ui.data.conversations.find((c) => c.id === link.channel);
  if (!conversation) {
    const me = ui.data.users.find((u) => u.id === ui.data.me);
    toast(`That thread is in a conversation ${me ? me.realName : 'you'} cannot see.`);
    return;
  }
  if (ui.view !== link.channel) {
    ui.view = link.channel;
    resetConversation();
  }
  openThread(link.channel, link.ts);
}

// ---------- the page ----------

function render(data) {
  if (!data) return;
  const switched = ui.data && ui.data.me !== data.me;
  ui.data = data;
  if (!ui.me || switched) ui.me = data.me;
  renderWho(data);
  renderClock(data);
  if (!ui.view || (ui.view !== 'home' && !data.conversations.some((c) => c.id === ui.view))) {
    ui.view = data.conversations?.[0]?.id || 'home';
    resetConversation();
  }
  if (ui.pendingLink) {
    const link = ui.pendingLink;
    ui.pendingLink = null;
    ui.data = data;
    openPermalink(link);
    return;
  }
  renderNav(data);
  if (ui.view === 'home') renderHome(data); else renderConversation(data);
  renderThread(data);
  renderModal(data);
}

function renderWho(data) {
  const key = JSON.stringify(data.users) + data.me;
  if (ui.usersKey === key) return;
  ui.usersKey = key;
  const select = $('who');
  select.innerHTML = '';
  data.users.forEach((u) => {
    const option = el('option', '', escapeHtml(`${u.realName} (${u.tz})`));
    option.value = u.id;
    option.selected = u.id === data.me;
    select.appendChild(option);
  });
  $('team').textContent = data.team;
  $('api-url').textContent = data.api?.url || '';
  $('api-token').textContent = data.api?.token || '';
}

function renderClock(data) {
  const me = data.users.find((u) => u.id === data.me);
  const now = new Date(data.now);
  $('clock-now').textContent = now.toLocaleString('en-GB', {
    timeZone: me?.tz || 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }) + ' · ' + (me?.tz || 'UTC');
}

function renderNav(data) {
  const nav = $('nav');
  nav.innerHTML = '';
  const link = (id, label, count) => {
    const a = el('a', id === ui.view ? 'active' : '', escapeHtml(label));
    a.href = '#';
    a.dataset.testid = 'nav-' + (id === 'home' ? 'home' : label.replace(/^#/, ''));
    if (id !== ui.view && count > 0) {
      a.classList.add('unread');
      a.appendChild(el('span', 'badge', String(count)));
    }
    a.onclick = (e) => {
      e.preventDefault();
      ui.view = id;
      ui.thread = null;
      resetConversation();
      if (id === 'home') post('home', { user: ui.me });
      render(ui.data);
    };
    nav.appendChild(a);
  };
  link('home', 'Home', 0);
  for (const [title, kind] of [['Direct messages', 'dm'], ['Channels', 'channel']]) {
    nav.appendChild(el('div', 'section', title));
    data.conversations.filter((c) => c.kind === kind).forEach((c) => {
      const count = countOf(c);
      if (!(c.id in ui.seen) || c.id === ui.view) ui.seen[c.id] = count;
      link(c.id, c.name, count - ui.seen[c.id]);
    });
  }
}

function countOf(conversation) {
  return conversation.messages.reduce((n, m) => n + 1 + (m.replies ? m.replies.length : 0), 0);
}

function resetConversation() {
  $('conversation').innerHTML = '';
  ui.cache.clear();
  ui.homeKey = null;
}

function renderHome(data) {
  $('title').textContent = 'Home';
  $('composer').hidden = true;
  const key = JSON.stringify(data.home || null);
  if (key === ui.homeKey) return;
  ui.homeKey = key;
  const box = $('conversation');
  box.innerHTML = '';
  const home = el('div', 'home');
  home.dataset.testid = 'home';
  if (!data.home) home.appendChild(el('div', 'empty', 'Opening Home…'));
  else home.appendChild(renderBlocks(data.home.view.blocks, { source: { viewId: data.home.id }, root: () => home, inInput: false }));
  box.appendChild(home);
}

function renderConversation(data) {
  const conversation = data.conversations.find((c) => c.id === ui.view);
  $('title').textContent = conversation.name;
  $('composer').hidden = false;
  $('composer-text').placeholder = `Message ${conversation.name} — try /learn help, /learn <words>, or @learningbot`;
  const box = $('conversation');
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const keep = new Set();
  let previous = null;
  let added = false;
  if (conversation.messages.length === 0) {
    if (!box.querySelector('.empty')) box.appendChild(el('div', 'empty', 'Nothing here yet. Jump the clock, or type /learn.'));
  } else {
    box.querySelector('.empty')?.remove();
  }
  for (const message of conversation.messages) {
    const key = message.ts;
    keep.add(key);
    const json = JSON.stringify(message);
    let entry = ui.cache.get(key);
    if (!entry || entry.json !== json) {
      const node = renderMessage(message, false);
      if (entry) entry.node.replaceWith(node); else added = true;
      entry = { json, node };
      ui.cache.set(key, entry);
    }
    const expected = previous ? previous.nextSibling : box.firstChild;
    if (expected !== entry.node) box.insertBefore(entry.node, expected);
    previous = entry.node;
  }
  for (const [key, entry] of ui.cache) {
    if (!keep.has(key)) { entry.node.remove(); ui.cache.delete(key); }
  }
  if (added && nearBottom) box.scrollTop = box.scrollHeight;
}

function renderThread(data) {
  const pane = $('thread');
  const conversation = ui.thread && data.conversations.find((c) => c.id === ui.thread.channel);
  const parent = conversation?.messages.find((m) => m.ts === ui.thread.ts);
  if (!parent) {
    pane.hidden = true;
    ui.threadKey = null;
    return;
  }
  pane.hidden = false;
  const key = JSON.stringify(parent);
  if (key === ui.threadKey) return;
  ui.threadKey = key;
  const list = $('thread-messages');
  list.innerHTML = '';
  list.appendChild(renderMessage(parent, true));
  const replyCount = (parent.replies || []).length;
  list.appendChild(el('div', 'hint-text', `&nbsp;&nbsp;${replyCount} ${replyCount === 1 ? 'reply' : 'replies'} in ${escapeHtml(conversation.name)}`));
  (parent.replies || []).forEach((r) => list.appendChild(renderMessage(r, true)));
  list.scrollTop = list.scrollHeight;
}

function renderModal(data) {
  const backdrop = $('modal');
  const modal = data.modal;
  const key = modal ? modal.id + JSON.stringify(modal.view) : null;
  if (!modal) {
    backdrop.hidden = true;
    backdrop.innerHTML = '';
    ui.modalKey = null;
    return;
  }
  if (key !== ui.modalKey) {
    ui.modalKey = key;
    backdrop.innerHTML = '';
    const card = el('form', 'modal-card');
    const header = el('header', '', `<span>${textHtml(modal.view.title)}</span>`);
    const close = el('button', '', '×');
    close.type = 'button';
    close.onclick = () => post('close', { user: ui.me, viewId: modal.id });
    header.appendChild(close);
    const body = el('div', 'modal-body');
    body.appendChild(renderBlocks(modal.view.blocks, { source: { viewId: modal.id }, root: () => body, inInput: true }));
    const footer = el('footer');
    const cancel = el('button', 'btn', textHtml(modal.view.close || { type: 'plain_text', text: 'Cancel' }));
    cancel.type = 'button';
    cancel.onclick = () => post('close', { user: ui.me, viewId: modal.id });
    footer.appendChild(cancel);
    if (modal.view.submit) {
      const submit = el('button', 'btn primary', textHtml(modal.view.submit));
      submit.type = 'submit';
      submit.dataset.testid = 'modal-submit';
      footer.appendChild(submit);
    }
    card.onsubmit = async (e) => {
      e.preventDefault();
      await post('submit', { user: ui.me, viewId: modal.id, state: collectState(body) });
    };
    card.appendChild(header);
    card.appendChild(body);
    card.appendChild(footer);
    backdrop.appendChild(card);
    backdrop.hidden = false;
  }
  backdrop.querySelectorAll('.block.input').forEach((block) => {
    block.querySelector('.error').textContent = modal.errors?.[block.dataset.blockId] || '';
  });
}

// ---------- controls ----------

$('who').onchange = (e) => {
  ui.me = e.target.value;
  localStorage.setItem('sandbox-me', ui.me);
  ui.view = null;
  ui.thread = null;
  ui.seen = {};
  ui.usersKey = null;
  resetConversation();
  refresh();
};

document.querySelectorAll('[data-jump]').forEach((button) => {
  button.onclick = async () => {
    const buttons = document.querySelectorAll('[data-jump]');
    buttons.forEach((b) => { b.disabled = true; });
    $('clock-note').textContent = 'Moving the clock…';
    const result = await post('clock', { kind: button.dataset.jump, user: ui.me });
    buttons.forEach((b) => { b.disabled = false; });
    if (result.ok) {
      const lessons = (n) => `${n} lesson${n === 1 ? '' : 's'}`;
      const me = ui.data?.users.find((u) => u.id === ui.me);
      const parts = [result.message, `${lessons(result.sent || 0)} sent to ${me ? me.realName : 'you'}`];
      const others = [];
      if (result.sentToOthers) others.push(`${lessons(result.sentToOthers)} sent`);
      if (result.missedByOthers) others.push(`${lessons(result.missedByOthers)} skipped or cancelled`);
      if (others.length) parts.push('other sellers: ' + others.join(', '));
      $('clock-note').textContent = parts.join(' · ');
    } else {
      $('clock-note').textContent = '';
    }
  };
});

function composer(form, textarea, thread) {
  const send = async () => {
    const text = textarea.value.trim();
    if (!text || !ui.data || (!thread && ui.view === 'home')) return;
    textarea.value = '';
    const channel = thread ? ui.thread.channel : ui.view;
    await post('say', { user: ui.me, channel, text, threadTs: thread ? ui.thread.ts : null });
  };
  form.onsubmit = (e) => { e.preventDefault(); send(); };
  textarea.onkeydown = (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); }
  };
}
composer($('composer'), $('composer-text'), false);
composer($('thread-composer'), $('thread-text'), true);
document.addEventListener('click', (e) => {
  const anchor = e.target.closest('a[data-permalink]');
  if (!anchor) return;
  e.preventDefault();
  history.pushState(null, '', anchor.href);
  openPermalink(permalinkOf(anchor.href));
});
window.onpopstate = () => { const link = permalinkOf(location.href); if (link) openPermalink(link); };
ui.pendingLink = permalinkOf(location.href);
$('thread-close').onclick = () => { ui.thread = null; render(ui.data); };

refresh().then(schedulePoll);
