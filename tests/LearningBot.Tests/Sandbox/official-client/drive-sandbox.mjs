// Drives the sandbox's Web API with Slack's own Node SDK and prints what it got back as one JSON object.
// Usage: node drive-sandbox.mjs <api base url, e.g. http://127.0.0.1:3000/sandbox/api/> <bot token>
import { WebClient, ErrorCode, LogLevel } from '@slack/web-api';

const [apiUrl, token] = process.argv.slice(2);
if (!apiUrl || !token) {
  console.error('usage: node drive-sandbox.mjs <api base url> <bot token>');
  process.exit(2);
}

const client = (t) => new WebClient(t, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
const slack = client(token);

async function failure(call) {
  try {
    await call();
    return { ok: true };
  } catch (e) {
    return { code: e.code, error: e.data?.error ?? e.message, platform: e.code === ErrorCode.PlatformError };
  }
}

const auth = await slack.auth.test();
const members = [];
// Two at a time, so the SDK has to follow response_metadata.next_cursor.
for await (const page of slack.paginate('users.list', { limit: 2 })) members.push(...page.members);
const human = members.find((m) => !m.is_bot && !m.deleted);
const opened = await slack.conversations.open({ users: human.id });
const posted = await slack.chat.postMessage({ channel: opened.channel.id, text: 'hello from @slack/web-api' });
const updated = await slack.chat.update({ channel: posted.channel, ts: posted.ts, text: 'edited by @slack/web-api' });
const history = await slack.conversations.history({ channel: opened.channel.id, limit: 10 });
const unknownChannel = await failure(() => slack.chat.postMessage({ channel: 'C0NOWHERE', text: 'hi' }));
const wrongToken = await failure(() => client('xoxb-not-the-sandbox-token').auth.test());

console.log(JSON.stringify({
  auth: { ok: auth.ok, userId: auth.user_id, teamId: auth.team_id, botId: auth.bot_id, url: auth.url },
  users: { count: members.length, ids: members.map((m) => m.id), human: { id: human.id, email: human.profile?.email, tz: human.tz } },
  open: { ok: opened.ok, channel: opened.channel.id },
  post: { ok: posted.ok, channel: posted.channel, ts: posted.ts, text: posted.message?.text },
  update: { ok: updated.ok, ts: updated.ts, text: updated.text },
  history: { ok: history.ok, texts: history.messages.map((m) => m.text), hasMore: history.has_more, nextCursor: history.response_metadata?.next_cursor ?? null },
  unknownChannel,
  wrongToken,
}));
