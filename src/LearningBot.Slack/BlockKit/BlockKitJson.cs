using System.Text.Json;
using System.Text.Json.Serialization;

namespace LearningBot.Slack.BlockKit;

/// <summary>Block Kit's JSON: snake_case names, <c>type</c> first, nulls left out (https://docs.slack.dev/reference/block-kit).</summary>
public static class BlockKitJson
{
    /// <summary>Options backed by the source-generated <see cref="BlockKitJsonContext"/>; combine its resolver with your own for request bodies.</summary>
    public static JsonSerializerOptions Options => BlockKitJsonContext.Default.Options;

    public static string Serialize(SlackMessage message) =>
        JsonSerializer.Serialize(message, BlockKitJsonContext.Default.SlackMessage);

    public static string Serialize(View view) =>
        JsonSerializer.Serialize(view, BlockKitJsonContext.Default.View);

    public static string Serialize(IReadOnlyList<Block> blocks) =>
        JsonSerializer.Serialize(blocks, BlockKitJsonContext.Default.IReadOnlyListBlock);

    public static string Serialize(Block block) =>
        JsonSerializer.Serialize(block, BlockKitJsonContext.Default.Block);

    internal static byte[] SerializeToUtf8Bytes(View view) =>
        JsonSerializer.SerializeToUtf8Bytes(view, BlockKitJsonContext.Default.View);
}

/// <summary>Source-generated serialisation metadata for every Block Kit type; usable in <c>JsonTypeInfoResolver.Combine</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(View))]
[JsonSerializable(typeof(ModalView))]
[JsonSerializable(typeof(HomeView))]
[JsonSerializable(typeof(Block))]
[JsonSerializable(typeof(IReadOnlyList<Block>))]
public sealed partial class BlockKitJsonContext : JsonSerializerContext;
