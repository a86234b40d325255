using System.Text.Json.Serialization;

namespace LearningBot.Slack.BlockKit;

/// <summary>The content of a message: fallback text and blocks (https://docs.slack.dev/reference/methods/chat.postMessage); build it with <see cref="MessageBuilder"/>.</summary>
/// <remarks><see cref="Text"/> is what notifications, screen readers and search show, so it is always sent.</remarks>
public sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks);

/// <summary>A view: a modal or the App Home tab (https://docs.slack.dev/reference/views).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(ModalView))]
[JsonDerivedType(typeof(HomeView))]
public abstract record View(IReadOnlyList<Block> Blocks) : IBlockKitObject
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>Our own state carried through the view's payloads; not for secrets.</summary>
    public string? PrivateMetadata { get; init; }

    /// <summary>Names the view in view_submission payloads; not for secrets.</summary>
    public string? CallbackId { get; init; }

    /// <summary>Unique per workspace; lets views.update find the view without its id.</summary>
    public string? ExternalId { get; init; }
}

/// <summary>Modal view (https://docs.slack.dev/reference/views/modal-views); build it with <see cref="ModalBuilder"/>.</summary>
public sealed record ModalView(PlainText Title, IReadOnlyList<Block> Blocks) : View(Blocks)
{
    [JsonPropertyOrder(-1)]
    public override string Type => "modal";

    /// <summary>Required when the modal has an input block.</summary>
    public PlainText? Submit { get; init; }

    public PlainText? Close { get; init; }

    public bool? ClearOnClose { get; init; }

    /// <summary>Ask Slack to send view_closed when the user dismisses the modal.</summary>
    public bool? NotifyOnClose { get; init; }
}

/// <summary>App Home tab view (https://docs.slack.dev/reference/views/home-tab-views); build it with <see cref="HomeBuilder"/>.</summary>
public sealed record HomeView(IReadOnlyList<Block> Blocks) : View(Blocks)
{
    [JsonPropertyOrder(-1)]
    public override string Type => "home";
}
