using System.Text.Json.Nodes;

namespace LearningBot.SlackEmulator;

/// <summary>The emulator's own checks of Block Kit payloads, independent of the bot's builders (https://api.slack.com/reference/block-kit/blocks).</summary>
public static class BlockKitChecks
{
    public const int MaxMessageBlocks = 50;
    public const int MaxViewBlocks = 100;
    public const int MaxMessageText = 40_000;

    /// <summary>Null when the blocks would be accepted, else Slack's error code.</summary>
    public static string? CheckBlocks(JsonNode? blocks, int maxBlocks)
    {
        if (blocks is null)
            return null;
        if (blocks is not JsonArray array)
            return "invalid_blocks_format";
        if (array.Count > maxBlocks)
            return "invalid_blocks";
        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in array)
        {
            if (node is not JsonObject block || block["type"] is not JsonValue type)
                return "invalid_blocks";
            if (block["block_id"] is JsonValue id && (id.ToString().Length > 255 || !blockIds.Add(id.ToString())))
                return "invalid_blocks";
            var problem = type.ToString() switch
            {
                "section" => CheckSection(block),
                "header" => TextLength(block["text"], 150, plainOnly: true),
                "actions" => block["elements"] is JsonArray { Count: >= 1 and <= 25 } ? null : "invalid_blocks",
                "context" => block["elements"] is JsonArray { Count: >= 1 and <= 10 } ? null : "invalid_blocks",
                _ => null,
            };
            if (problem is not null)
                return problem;
        }
        return null;
    }

    /// <summary>Modal and Home view checks (https://api.slack.com/reference/surfaces/views).</summary>
    public static string? CheckView(JsonNode? view, string expectedType)
    {
        if (view is not JsonObject v || v["type"]?.ToString() != expectedType)
            return "invalid_arguments";
        if (v.ToJsonString().Length > 250_000)
            return "view_too_large";
        if (expectedType == "modal" && TextLength(v["title"], 24, plainOnly: true) is not null)
            return "invalid_arguments";
        if (v["private_metadata"] is JsonValue metadata && metadata.ToString().Length > 3000)
            return "invalid_arguments";
        return CheckBlocks(v["blocks"] ?? new JsonArray(), MaxViewBlocks);
    }

    private static string? CheckSection(JsonObject block)
    {
        if (block["text"] is null && block["fields"] is null)
            return "invalid_blocks";
        if (block["text"] is not null && TextLength(block["text"], 3000, plainOnly: false) is not null)
            return "invalid_blocks";
        if (block["fields"] is JsonArray fields && fields.Count > 10)
            return "invalid_blocks";
        return null;
    }

    private static string? TextLength(JsonNode? text, int max, bool plainOnly)
    {
        if (text is not JsonObject t || t["text"] is not JsonValue value)
            return "invalid_blocks";
        if (plainOnly && t["type"]?.ToString() != "plain_text")
            return "invalid_blocks";
        var length = value.ToString().Length;
        return length is >= 1 && length <= max ? null : "invalid_blocks";
    }
}
