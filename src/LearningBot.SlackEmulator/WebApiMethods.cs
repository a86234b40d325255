using System.Globalization;
using System.Text.Json.Nodes;

namespace LearningBot.SlackEmulator;

/// <summary>The Web API methods the bot uses, with Slack's arguments, answers and error codes (https://api.slack.com/methods).</summary>
internal sealed class WebApiMethods(EmulatedWorkspace workspace, Handouts handouts, SlackEmulatorServer server)
{
    public JsonObject Invoke(string method, JsonObject a)
    {
        if (a["__invalid_json"] is not null)
            return Error("invalid_json");
        return method switch
        {
            "auth.test" => Ok(new JsonObject
            {
                ["url"] = workspace.Url.ToString(), ["team"] = workspace.TeamName, ["user"] = workspace.Bot.Name,
                ["team_id"] = workspace.TeamId, ["user_id"] = workspace.Bot.Id, ["bot_id"] = workspace.BotId, ["is_enterprise_install"] = false,
            }),
            "chat.postMessage" => PostMessage(a),
            "chat.update" => Update(a),
            "chat.postEphemeral" => PostEphemeral(a),
            "chat.getPermalink" => Permalink(a),
            "conversations.open" => OpenConversation(a),
            "conversations.info" => WithChannel(a, c => Ok(new JsonObject { ["channel"] = ChannelJson(c) })),
            "conversations.list" => ListConversations(a),
            "conversations.join" => Join(a),
            "conversations.history" => History(a),
            "conversations.replies" => Replies(a),
            "users.info" => workspace.FindUser(Str(a, "user") ?? "") is { } user ? Ok(new JsonObject { ["user"] = UserJson(user) }) : Error("user_not_found"),
            "users.list" => Paged(a, workspace.Users().Select(UserJson), "members"),
            "users.lookupByEmail" => workspace.FindUserByEmail(Str(a, "email") ?? "") is { } byEmail ? Ok(new JsonObject { ["user"] = UserJson(byEmail) }) : Error("users_not_found"),
            "views.open" => OpenView(a, push: false),
            "views.push" => OpenView(a, push: true),
            "views.publish" => PublishView(a),
            "views.update" => UpdateView(a),
            "apps.connections.open" => Ok(new JsonObject { ["url"] = server.SocketMode.IssueUrl(server.Address) }),
            _ => Error("unknown_method"),
        };
    }

    /// <summary>A post to a response_url: an ephemeral or in_channel message, or replacing / deleting the source message.</summary>
    public JsonObject Respond(ResponseUrl url, JsonObject body)
    {
        var text = Str(body, "text") ?? "";
        var blocks = body["blocks"]?.DeepClone() as JsonArray;
        if (BlockKitChecks.CheckBlocks(blocks, BlockKitChecks.MaxMessageBlocks) is { } problem)
            return Error(problem);
        var source = url.SourceMessageTs is null ? null : workspace.FindMessage(url.Channel, url.SourceMessageTs);
        if (body["delete_original"]?.GetValue<bool>() == true && source is not null)
        {
            source.Deleted = true;
            return Ok([]);
        }
        if (body["replace_original"]?.GetValue<bool>() == true && source is not null)
        {
            source.Text = text;
            source.Blocks = blocks;
            return Ok([]);
        }
        var inChannel = Str(body, "response_type") == "in_channel";
        workspace.Post(url.Channel, workspace.Bot.Id, workspace.BotId, text, blocks, Str(body, "thread_ts"), ephemeralTo: inChannel ? null : url.User);
        return Ok([]);
    }

    private JsonObject PostMessage(JsonObject a)
    {
        var channel = ResolveChannel(Str(a, "channel"));
        if (channel is null)
            return Error("channel_not_found");
        if (!channel.Members.Contains(workspace.Bot.Id))
            return Error("not_in_channel");
        var text = Str(a, "text");
        var blocks = a["blocks"] as JsonArray;
        if (string.IsNullOrEmpty(text) && blocks is null)
            return Error("no_text");
        if (text?.Length > BlockKitChecks.MaxMessageText)
            return Error("msg_too_long");
        if (BlockKitChecks.CheckBlocks(a["blocks"], BlockKitChecks.MaxMessageBlocks) is { } problem)
            return Error(problem);
        var metadata = a["metadata"] as JsonObject;
        if (metadata is not null && (metadata["event_type"] is null || metadata["event_payload"] is not JsonObject))
            return Error("invalid_metadata_format");
        var message = workspace.Post(channel.Id, workspace.Bot.Id, workspace.BotId, text ?? "", blocks?.DeepClone() as JsonArray,
            Str(a, "thread_ts"), metadata?.DeepClone() as JsonObject);
        return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = message.Ts, ["message"] = MessageJson(message) });
    }

    private JsonObject Update(JsonObject a)
    {
        var channel = workspace.FindChannel(Str(a, "channel") ?? "");
        if (channel is null)
            return Error("channel_not_found");
        var message = workspace.FindMessage(channel.Id, Str(a, "ts") ?? "");
        if (message is null || message.EphemeralTo is not null)
            return Error("message_not_found");
        if (message.BotId != workspace.BotId)
            return Error("cant_update_message");
        if (BlockKitChecks.CheckBlocks(a["blocks"], BlockKitChecks.MaxMessageBlocks) is { } problem)
            return Error(problem);
        if (Str(a, "text") is { } text)
            message.Text = text;
        if (a["blocks"] is JsonArray blocks)
            message.Blocks = blocks.Count == 0 ? null : (JsonArray)blocks.DeepClone();
        return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = message.Ts, ["text"] = message.Text, ["message"] = MessageJson(message) });
    }

    private JsonObject PostEphemeral(JsonObject a)
    {
        var channel = ResolveChannel(Str(a, "channel"));
        if (channel is null)
            return Error("channel_not_found");
        var user = workspace.FindUser(Str(a, "user") ?? "");
        if (user is null)
            return Error("user_not_found");
        if (!channel.Members.Contains(user.Id))
            return Error("user_not_in_channel");
        if (BlockKitChecks.CheckBlocks(a["blocks"], BlockKitChecks.MaxMessageBlocks) is { } problem)
            return Error(problem);
        var message = workspace.Post(channel.Id, workspace.Bot.Id, workspace.BotId, Str(a, "text") ?? "", a["blocks"]?.DeepClone() as JsonArray,
            Str(a, "thread_ts"), ephemeralTo: user.Id);
        return Ok(new JsonObject { ["message_ts"] = message.Ts });
    }

    private JsonObject Permalink(JsonObject a) =>
        WithChannel(a, channel => workspace.FindMessage(channel.Id, Str(a, "message_ts") ?? "") is { } message
            ? Ok(new JsonObject { ["channel"] = channel.Id, ["permalink"] = PermalinkOf(message) })
            : Error("message_not_found"));

    /// <summary>Slack's shape: the message's ts without its dot; a reply also names its thread and channel.</summary>
    private string PermalinkOf(EmulatedMessage message)
    {
        var link = new Uri(workspace.Url, $"archives/{message.Channel}/p{message.Ts.Replace(".", "", StringComparison.Ordinal)}").ToString();
        return message.ThreadTs is { } thread && thread != message.Ts ? $"{link}?thread_ts={thread}&cid={message.Channel}" : link;
    }

    private JsonObject OpenConversation(JsonObject a)
    {
        var users = (Str(a, "users") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (users.Length != 1)
            return Error(users.Length == 0 ? "users_list_not_supplied" : "not_implemented_for_multiparty");
        var user = workspace.FindUser(users[0]);
        if (user is null)
            return Error("user_not_found");
        return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = workspace.DirectMessage(user).Id } });
    }

    private JsonObject ListConversations(JsonObject a)
    {
        var types = (Str(a, "types") ?? "public_channel").Split(',', StringSplitOptions.TrimEntries);
        var channels = workspace.Channels().Where(c =>
            (c.IsIm && types.Contains("im")) || (!c.IsIm && c.IsPrivate && types.Contains("private_channel")) || (!c.IsIm && !c.IsPrivate && types.Contains("public_channel")));
        return Paged(a, channels.Select(ChannelJson), "channels");
    }

    private JsonObject Join(JsonObject a) => WithChannel(a, channel =>
    {
        if (channel.IsIm || channel.IsPrivate)
            return Error("method_not_supported_for_channel_type");
        lock (channel.Members)
            channel.Members.Add(workspace.Bot.Id);
        return Ok(new JsonObject { ["channel"] = ChannelJson(channel) });
    });

    private JsonObject History(JsonObject a) => WithChannel(a, channel =>
    {
        if (!channel.Members.Contains(workspace.Bot.Id))
            return Error("not_in_channel");
        var oldest = Str(a, "oldest");
        var includeMetadata = Str(a, "include_all_metadata") == "true" || a["include_all_metadata"]?.ToString() == "true";
        var messages = workspace.Messages(channel.Id)
            .Where(m => m.ThreadTs is null || m.ThreadTs == m.Ts)
            .Where(m => oldest is null || string.CompareOrdinal(m.Ts, oldest) > 0)
            .Reverse()
            .Select(m => MessageJson(m, includeMetadata));
        return Paged(a, messages, "messages");
    });

    private JsonObject Replies(JsonObject a) => WithChannel(a, channel =>
    {
        var ts = Str(a, "ts") ?? "";
        var parent = workspace.FindMessage(channel.Id, ts);
        if (parent is null)
            return Error("thread_not_found");
        return Paged(a, new[] { parent }.Concat(workspace.Replies(channel.Id, ts)).Select(m => MessageJson(m)), "messages");
    });

    private JsonObject OpenView(JsonObject a, bool push)
    {
        if (handouts.Exchange(Str(a, "trigger_id"), out var trigger) is { } triggerProblem)
            return Error(triggerProblem);
        if (push && trigger!.StackDepth >= 3)
            return Error("push_limit_reached");
        if (BlockKitChecks.CheckView(a["view"], "modal") is { } problem)
            return Error(problem);
        var view = workspace.SaveView(trigger!.User, "modal", (JsonObject)a["view"]!.DeepClone(), stackDepth: push ? trigger.StackDepth + 1 : 1);
        return Ok(new JsonObject { ["view"] = ViewJson(view) });
    }

    private JsonObject PublishView(JsonObject a)
    {
        var user = workspace.FindUser(Str(a, "user_id") ?? "");
        if (user is null)
            return Error("user_not_found");
        if (BlockKitChecks.CheckView(a["view"], "home") is { } problem)
            return Error(problem);
        var existing = workspace.HomeView(user.Id);
        if (existing is not null && Str(a, "hash") is { } hash && hash != existing.Hash)
            return Error("hash_conflict");
        var view = workspace.SaveView(user.Id, "home", (JsonObject)a["view"]!.DeepClone(), existing?.Id);
        return Ok(new JsonObject { ["view"] = ViewJson(view) });
    }

    private JsonObject UpdateView(JsonObject a)
    {
        var existing = workspace.FindView(Str(a, "view_id") ?? Str(a, "external_id") ?? "");
        if (existing is null)
            return Error("not_found");
        if (Str(a, "hash") is { } hash && hash != existing.Hash)
            return Error("hash_conflict");
        if (BlockKitChecks.CheckView(a["view"], existing.Type) is { } problem)
            return Error(problem);
        var view = workspace.SaveView(existing.UserId, existing.Type, (JsonObject)a["view"]!.DeepClone(), existing.Id, existing.StackDepth);
        return Ok(new JsonObject { ["view"] = ViewJson(view) });
    }

    private EmulatedChannel? ResolveChannel(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return null;
        if (workspace.FindChannel(id) is { } channel)
            return channel;
        return workspace.FindUser(id) is { IsBot: false } user ? workspace.DirectMessage(user) : null;
    }

    private JsonObject WithChannel(JsonObject a, Func<EmulatedChannel, JsonObject> then) =>
        workspace.FindChannel(Str(a, "channel") ?? "") is { } channel ? then(channel) : Error("channel_not_found");

    private static JsonObject Paged(JsonObject a, IEnumerable<JsonObject> all, string name)
    {
        var limit = int.TryParse(a["limit"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 1000) : 100;
        var start = int.TryParse(a["cursor"]?.ToString()?.Replace("next:", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var items = all.ToList();
        var page = new JsonArray([.. items.Skip(start).Take(limit)]);
        var next = start + limit < items.Count ? $"next:{start + limit}" : "";
        return Ok(new JsonObject { [name] = page, ["has_more"] = next != "", ["response_metadata"] = new JsonObject { ["next_cursor"] = next } });
    }

    private JsonObject ChannelJson(EmulatedChannel c) => new()
    {
        ["id"] = c.Id, ["name"] = c.IsIm ? null : c.Name, ["is_channel"] = !c.IsIm && !c.IsPrivate, ["is_group"] = !c.IsIm && c.IsPrivate,
        ["is_im"] = c.IsIm, ["is_private"] = c.IsPrivate || c.IsIm, ["is_member"] = c.Members.Contains(workspace.Bot.Id),
        ["user"] = c.IsIm ? c.Members.First(m => m != workspace.Bot.Id) : null,
    };

    private JsonObject UserJson(EmulatedUser u) => new()
    {
        ["id"] = u.Id, ["team_id"] = workspace.TeamId, ["name"] = u.Name, ["real_name"] = u.RealName, ["deleted"] = false,
        ["tz"] = u.Tz, ["tz_label"] = u.Tz, ["tz_offset"] = u.TzOffset, ["is_bot"] = u.IsBot,
        ["profile"] = new JsonObject { ["real_name"] = u.RealName, ["display_name"] = u.Name, ["email"] = u.Email },
    };

    private JsonObject MessageJson(EmulatedMessage m, bool includeMetadata = true)
    {
        var json = new JsonObject { ["type"] = "message", ["ts"] = m.Ts, ["text"] = m.Text };
        if (m.User is not null)
            json["user"] = m.User;
        if (m.BotId is not null)
        {
            json["bot_id"] = m.BotId;
            json["app_id"] = workspace.AppId;
        }
        if (m.ThreadTs is not null)
            json["thread_ts"] = m.ThreadTs;
        if (m.ThreadTs == m.Ts || m.ThreadTs is null)
        {
            var replies = workspace.Replies(m.Channel, m.Ts).Count;
            if (replies > 0)
            {
                json["thread_ts"] = m.Ts;
                json["reply_count"] = replies;
            }
        }
        if (m.Blocks is not null)
            json["blocks"] = m.Blocks.DeepClone();
        if (includeMetadata && m.Metadata is not null)
            json["metadata"] = m.Metadata.DeepClone();
        return json;
    }

    private static JsonObject ViewJson(EmulatedView v)
    {
        var json = (JsonObject)v.View.DeepClone();
        json["id"] = v.Id;
        json["hash"] = v.Hash;
        return json;
    }

    private static string? Str(JsonObject a, string name) => a[name] is JsonValue value ? value.ToString() : null;

    private static JsonObject Ok(JsonObject fields)
    {
        var result = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            result[key] = value;
        }
        return result;
    }

    public static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };
}
