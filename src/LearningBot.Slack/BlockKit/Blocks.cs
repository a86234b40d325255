using System.Text.Json.Serialization;

namespace LearningBot.Slack.BlockKit;

/// <summary>A layout block (https://docs.slack.dev/reference/block-kit/blocks); <see cref="BlockId"/> is unique in its message or view.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(HeaderBlock))]
[JsonDerivedType(typeof(SectionBlock))]
[JsonDerivedType(typeof(ContextBlock))]
[JsonDerivedType(typeof(DividerBlock))]
[JsonDerivedType(typeof(ImageBlock))]
[JsonDerivedType(typeof(VideoBlock))]
[JsonDerivedType(typeof(ActionsBlock))]
[JsonDerivedType(typeof(InputBlock))]
public abstract record Block : IBlockKitObject
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>Change it when re-rendering a block whose input state should reset.</summary>
    public string? BlockId { get; init; }
}

/// <summary>Header block: large plain text (https://docs.slack.dev/reference/block-kit/blocks/header-block).</summary>
public sealed record HeaderBlock(PlainText Text) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "header";
}

/// <summary>Section block: text and/or fields with an optional accessory (https://docs.slack.dev/reference/block-kit/blocks/section-block).</summary>
public sealed record SectionBlock : Block
{
    public SectionBlock()
    {
    }

    public SectionBlock(TextObject text) => Text = text;

    [JsonPropertyOrder(-1)]
    public override string Type => "section";

    public TextObject? Text { get; init; }

    /// <summary>Shown in two columns under the text.</summary>
    public IReadOnlyList<TextObject>? Fields { get; init; }

    public ISectionAccessory? Accessory { get; init; }

    /// <summary>Show the whole text instead of "see more".</summary>
    public bool? Expand { get; init; }
}

/// <summary>Context block: small text and images (https://docs.slack.dev/reference/block-kit/blocks/context-block).</summary>
public sealed record ContextBlock(IReadOnlyList<IContextElement> Elements) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "context";
}

/// <summary>Divider block (https://docs.slack.dev/reference/block-kit/blocks/divider-block).</summary>
public sealed record DividerBlock : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "divider";
}

/// <summary>Image block (https://docs.slack.dev/reference/block-kit/blocks/image-block).</summary>
public sealed record ImageBlock(string ImageUrl, string AltText) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "image";

    public PlainText? Title { get; init; }
}

/// <summary>Video block (https://docs.slack.dev/reference/block-kit/blocks/video-block); needs the <c>links.embed:write</c> scope and an HTTPS video URL on one of the app's unfurl domains.</summary>
public sealed record VideoBlock(string AltText, PlainText Title, string ThumbnailUrl, string VideoUrl) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "video";

    public PlainText? Description { get; init; }

    /// <summary>The video's HTTPS page (not the embed URL).</summary>
    public string? TitleUrl { get; init; }

    public string? AuthorName { get; init; }

    public string? ProviderName { get; init; }

    public string? ProviderIconUrl { get; init; }
}

/// <summary>Actions block: a row of interactive elements (https://docs.slack.dev/reference/block-kit/blocks/actions-block).</summary>
public sealed record ActionsBlock(IReadOnlyList<IActionsElement> Elements) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "actions";
}

/// <summary>Input block: a labelled form field, chiefly for modals (https://docs.slack.dev/reference/block-kit/blocks/input-block).</summary>
public sealed record InputBlock(PlainText Label, IInputElement Element) : Block
{
    [JsonPropertyOrder(-1)]
    public override string Type => "input";

    public PlainText? Hint { get; init; }

    public bool? Optional { get; init; }

    /// <summary>Send block_actions when the element changes, not only on submit.</summary>
    public bool? DispatchAction { get; init; }
}
