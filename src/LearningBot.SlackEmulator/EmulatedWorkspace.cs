using System.Globalization;
using System.Text.Json.Nodes;

namespace LearningBot.SlackEmulator;

/// <summary>A workspace member (https://api.slack.com/types/user).</summary>
public sealed record EmulatedUser(string Id, string Name, string RealName, string Email, string Tz, int TzOffset, bool IsBot = false);

/// <summary>A channel or DM; members are user ids.</summary>
public sealed class EmulatedChannel(string id, string name, bool isIm = false, bool isPrivate = false)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public bool IsIm { get; } = isIm;
    public bool IsPrivate { get; } = isPrivate;
    public HashSet<string> Members { get; } = [];
}

/// <summary>A posted message; ephemeral ones are seen by one user only and are not in history.</summary>
public sealed class EmulatedMessage
{
    public required string Channel { get; init; }
    public required string Ts { get; init; }
    public string? User { get; init; }
    public string? BotId { get; init; }
    public string? ThreadTs { get; init; }
    public string? EphemeralTo { get; init; }
    public JsonObject? Metadata { get; init; }
    public string Text { get; set; } = "";
    public JsonArray? Blocks { get; set; }
    public bool Deleted { get; set; }
}

/// <summary>A modal or Home tab view.</summary>
public sealed class EmulatedView
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string Type { get; init; }
    public string? ExternalId { get; init; }
    public required JsonObject View { get; set; }
    public required string Hash { get; set; }
    public int StackDepth { get; init; } = 1;

    /// <summary>Closed by the user or by the app's <c>response_action</c> (a sandbox client stops showing it).</summary>
    public bool Closed { get; set; }

    /// <summary>The field errors of the last <c>response_action: errors</c>, by block id.</summary>
    public JsonObject? Errors { get; set; }
}

/// <summary>An in-memory Slack workspace for tests and the sandbox: users, channels, DMs, messages with threads and metadata, views.</summary>
public sealed class EmulatedWorkspace
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmulatedUser> _users = [];
    private readonly Dictionary<string, EmulatedChannel> _channels = [];
    private readonly List<EmulatedMessage> _messages = [];
    private readonly Dictionary<string, EmulatedView> _views = [];
    private long _tsCounter;
    private int _idCounter;

    public EmulatedWorkspace(TimeProvider? time = null, string teamId = "T0SANDBOX", string teamName = "LearningBot Sandbox")
    {
        Time = time ?? TimeProvider.System;
        TeamId = teamId;
        TeamName = teamName;
        Bot = new EmulatedUser("U0BOT0001", "learningbot", "LearningBot", "learningbot@bots.example.com", "UTC", 0, IsBot: true);
        _users[Bot.Id] = Bot;
    }

    public TimeProvider Time { get; }
    public string TeamId { get; }
    public string TeamName { get; }
    public string AppId { get; } = "A0EMULATOR";
    public string BotId { get; } = "B0BOT0001";
    public EmulatedUser Bot { get; }
    public string BotToken { get; init; } = "xoxb-emulator-bot-token";
    public string AppToken { get; init; } = "xapp-emulator-app-token";
    public string SigningSecret { get; init; } = "emulator-signing-secret-0123456789";

    /// <summary>
    /// The workspace's address, as auth.test's <c>url</c> and the start of every permalink (<c>{url}archives/{channel}/p{ts}</c>).
    /// The sandbox sets its own page here, so a permalink the bot shows opens the thread in the page.
    /// </summary>
    public Uri Url { get; init; } = new("https://sandbox.slack.test/");

    public EmulatedUser AddUser(string name, string email, string tz = "Europe/Berlin", int tzOffset = 3600)
    {
        lock (_lock)
        {
            var user = new EmulatedUser(NextId('U'), name, name, email.ToLowerInvariant(), tz, tzOffset);
            _users[user.Id] = user;
            return user;
        }
    }

    /// <summary>Adds a member with a known id (a roster that already names Slack ids).</summary>
    public EmulatedUser AddUser(EmulatedUser user)
    {
        lock (_lock)
        {
            _users[user.Id] = user;
            return user;
        }
    }

    public EmulatedChannel AddChannel(string name, bool isPrivate = false, bool botIsMember = true, params EmulatedUser[] members)
    {
        lock (_lock)
        {
            var channel = new EmulatedChannel(NextId(isPrivate ? 'G' : 'C'), name, isPrivate: isPrivate);
            foreach (var member in members)
                channel.Members.Add(member.Id);
            if (botIsMember)
                channel.Members.Add(Bot.Id);
            _channels[channel.Id] = channel;
            return channel;
        }
    }

    public EmulatedUser? FindUser(string id)
    {
        lock (_lock)
            return _users.GetValueOrDefault(id);
    }

    public EmulatedUser? FindUserByEmail(string email)
    {
        lock (_lock)
            return _users.Values.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<EmulatedUser> Users()
    {
        lock (_lock)
            return [.. _users.Values.OrderBy(u => u.Id, StringComparer.Ordinal)];
    }

    public EmulatedChannel? FindChannel(string id)
    {
        lock (_lock)
            return _channels.GetValueOrDefault(id);
    }

    public IReadOnlyList<EmulatedChannel> Channels()
    {
        lock (_lock)
            return [.. _channels.Values.OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <summary>The DM between the bot and a user, created on first use (D… id).</summary>
    public EmulatedChannel DirectMessage(EmulatedUser user)
    {
        lock (_lock)
        {
            var existing = _channels.Values.FirstOrDefault(c => c.IsIm && c.Members.Contains(user.Id));
            if (existing is not null)
                return existing;
            var dm = new EmulatedChannel(NextId('D'), user.Id, isIm: true);
            dm.Members.Add(user.Id);
            dm.Members.Add(Bot.Id);
            _channels[dm.Id] = dm;
            return dm;
        }
    }

    public EmulatedMessage Post(string channel, string? user, string? botId, string text, JsonArray? blocks = null,
        string? threadTs = null, JsonObject? metadata = null, string? ephemeralTo = null)
    {
        lock (_lock)
        {
            var message = new EmulatedMessage
            {
                Channel = channel, Ts = NextTs(), User = user, BotId = botId, Text = text, Blocks = blocks, ThreadTs = threadTs,
                Metadata = metadata, EphemeralTo = ephemeralTo,
            };
            _messages.Add(message);
            return message;
        }
    }

    public EmulatedMessage? FindMessage(string channel, string ts)
    {
        lock (_lock)
            return _messages.FirstOrDefault(m => m.Channel == channel && m.Ts == ts && !m.Deleted);
    }

    /// <summary>Every message (not ephemeral) in a channel, oldest first, threads included.</summary>
    public IReadOnlyList<EmulatedMessage> Messages(string channel)
    {
        lock (_lock)
            return [.. _messages.Where(m => m.Channel == channel && m.EphemeralTo is null && !m.Deleted)];
    }

    /// <summary>Replies in a thread (not the parent), oldest first.</summary>
    public IReadOnlyList<EmulatedMessage> Replies(string channel, string threadTs)
    {
        lock (_lock)
            return [.. _messages.Where(m => m.Channel == channel && m.ThreadTs == threadTs && m.Ts != threadTs && m.EphemeralTo is null && !m.Deleted)];
    }

    public IReadOnlyList<EmulatedMessage> EphemeralMessages(string user)
    {
        lock (_lock)
            return [.. _messages.Where(m => m.EphemeralTo == user)];
    }

    public EmulatedView SaveView(string userId, string type, JsonObject view, string? existingId = null, int stackDepth = 1)
    {
        lock (_lock)
        {
            var id = existingId ?? NextId('V');
            var saved = new EmulatedView
            {
                Id = id, UserId = userId, Type = type, View = view, Hash = NextTs() + ".hash", StackDepth = stackDepth,
                ExternalId = view["external_id"]?.GetValue<string>(),
            };
            _views[id] = saved;
            return saved;
        }
    }

    public EmulatedView? FindView(string id)
    {
        lock (_lock)
            return _views.GetValueOrDefault(id) ?? _views.Values.FirstOrDefault(v => v.ExternalId == id);
    }

    /// <summary>The modals opened for a user, oldest first.</summary>
    public IReadOnlyList<EmulatedView> Modals(string userId)
    {
        lock (_lock)
            return [.. _views.Values.Where(v => v.UserId == userId && v.Type == "modal").OrderBy(v => v.Id, StringComparer.Ordinal)];
    }

    public EmulatedView? HomeView(string userId)
    {
        lock (_lock)
            return _views.Values.FirstOrDefault(v => v.UserId == userId && v.Type == "home");
    }

    public string NextId(char prefix) =>
        prefix + Interlocked.Increment(ref _idCounter).ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Slack timestamps: unix seconds, a dot, six digits; unique within the workspace.</summary>
    public string NextTs()
    {
        var seconds = Time.GetUtcNow().ToUnixTimeSeconds();
        var sequence = Interlocked.Increment(ref _tsCounter) % 1_000_000;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{sequence:D6}");
    }
}
