using System.Text.Json.Nodes;
using LearningBot.SlackEmulator;

namespace LearningBot.Sandbox;

/// <summary>What the sandbox page shows one member: the clock, the people, their conversations with threads, Home and any open modal.</summary>
internal static class SandboxState
{
    public static JsonObject For(EmulatedWorkspace workspace, SandboxClock clock, SandboxMode mode, string? userId)
    {
        var people = workspace.Users().Where(u => !u.IsBot).ToList();
        var me = people.FirstOrDefault(u => u.Id == userId) ?? people.FirstOrDefault();
        var state = new JsonObject
        {
            ["now"] = clock.GetUtcNow().ToString("O"),
            ["team"] = workspace.TeamName,
            ["bot"] = new JsonObject { ["id"] = workspace.Bot.Id, ["name"] = workspace.Bot.RealName },
            ["users"] = new JsonArray([.. people.Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u.Id, ["name"] = u.Name, ["realName"] = u.RealName, ["email"] = u.Email, ["tz"] = u.Tz,
            })]),
            ["me"] = me?.Id,
            // For Slack's own SDKs: the sandbox's token belongs to no real workspace, and whoever sees the page can act as anyone anyway.
            ["api"] = new JsonObject { ["url"] = mode.ApiUrl.ToString(), ["token"] = mode.BotToken },
        };
        if (me is null)
            return state;

        var names = workspace.Users().ToDictionary(u => u.Id, u => u.RealName, StringComparer.Ordinal);
        var conversations = new JsonArray();
        foreach (var channel in workspace.Channels().Where(c => c.Members.Contains(me.Id)).OrderBy(c => c.IsIm ? 0 : 1).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            var ephemeral = workspace.EphemeralMessages(me.Id).Where(m => m.Channel == channel.Id);
            var topLevel = workspace.Messages(channel.Id).Where(m => m.ThreadTs is null || m.ThreadTs == m.Ts).Concat(ephemeral)
                .OrderBy(m => m.Ts, StringComparer.Ordinal);
            conversations.Add(new JsonObject
            {
                ["id"] = channel.Id, ["kind"] = channel.IsIm ? "dm" : "channel",
                ["name"] = channel.IsIm ? workspace.Bot.RealName : "#" + channel.Name,
                ["messages"] = new JsonArray([.. topLevel.Select(m => (JsonNode)Message(workspace, m, names, withReplies: true))]),
            });
        }
        state["conversations"] = conversations;
        if (workspace.HomeView(me.Id) is { } home)
            state["home"] = new JsonObject { ["id"] = home.Id, ["view"] = home.View.DeepClone() };
        if (workspace.Modals(me.Id).LastOrDefault(v => !v.Closed) is { } modal)
            state["modal"] = new JsonObject { ["id"] = modal.Id, ["view"] = modal.View.DeepClone(), ["errors"] = modal.Errors?.DeepClone() };
        return state;
    }

    private static JsonObject Message(EmulatedWorkspace workspace, EmulatedMessage m, Dictionary<string, string> names, bool withReplies)
    {
        var json = new JsonObject
        {
            ["ts"] = m.Ts, ["channel"] = m.Channel, ["user"] = m.User, ["author"] = m.User is { } user ? names.GetValueOrDefault(user, user) : "app",
            ["bot"] = m.BotId is not null, ["text"] = m.Text, ["blocks"] = m.Blocks?.DeepClone(), ["ephemeral"] = m.EphemeralTo is not null,
        };
        if (withReplies && m.EphemeralTo is null)
        {
            var replies = workspace.Replies(m.Channel, m.Ts);
            if (replies.Count > 0)
                json["replies"] = new JsonArray([.. replies.Select(r => (JsonNode)Message(workspace, r, names, withReplies: false))]);
        }
        return json;
    }
}
