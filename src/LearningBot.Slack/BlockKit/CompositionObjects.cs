using System.Text.Json.Serialization;

namespace LearningBot.Slack.BlockKit;

/// <summary>Anything Block Kit tells apart by its <c>type</c> field.</summary>
public interface IBlockKitObject
{
    /// <summary>Slack's <c>type</c> discriminator, written first.</summary>
    string Type { get; }
}

/// <summary>A text object, plain or mrkdwn (https://docs.slack.dev/reference/block-kit/composition-objects/text-object).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(PlainText))]
[JsonDerivedType(typeof(MrkdwnText))]
public abstract record TextObject(string Text) : IBlockKitObject, IContextElement
{
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }

    /// <summary>Plain text; Slack renders it as typed, with emoji.</summary>
    public static PlainText Plain(string text) => new(text);

    /// <summary>mrkdwn text; escape content with <see cref="Mrkdwn.Escape"/> before formatting it.</summary>
    public static MrkdwnText Markdown(string text) => new(text);
}

/// <summary><c>plain_text</c> text object (https://docs.slack.dev/reference/block-kit/composition-objects/text-object).</summary>
public sealed record PlainText(string Text) : TextObject(Text)
{
    [JsonPropertyOrder(-1)]
    public override string Type => "plain_text";

    /// <summary>Whether Slack turns <c>:emoji:</c> codes into emoji; Slack's default is true.</summary>
    public bool? Emoji { get; init; }
}

/// <summary><c>mrkdwn</c> text object (https://docs.slack.dev/reference/block-kit/composition-objects/text-object).</summary>
public sealed record MrkdwnText(string Text) : TextObject(Text)
{
    [JsonPropertyOrder(-1)]
    public override string Type => "mrkdwn";

    /// <summary>When true Slack does not auto-link URLs, channel names or mentions.</summary>
    public bool? Verbatim { get; init; }
}

/// <summary>An option of a select, overflow, checkbox or radio group (https://docs.slack.dev/reference/block-kit/composition-objects/option-object).</summary>
public sealed record Option(TextObject Text, string Value)
{
    /// <summary>Plain text under the option's text; checkboxes and radio buttons only.</summary>
    public PlainText? Description { get; init; }

    /// <summary>A link opened when the option is chosen; overflow menus only.</summary>
    public string? Url { get; init; }

    /// <summary>An option with plain text, the kind every element accepts.</summary>
    public static Option Plain(string text, string value) => new(new PlainText(text), value);
}

/// <summary>A labelled group of options in a select menu (https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object).</summary>
public sealed record OptionGroup(PlainText Label, IReadOnlyList<Option> Options);

/// <summary>"Are you sure?" dialog shown before an action fires (https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object).</summary>
public sealed record ConfirmationDialog(PlainText Title, TextObject Text, PlainText Confirm, PlainText Deny)
{
    /// <summary>Colour of the confirm button.</summary>
    public ButtonStyle? Style { get; init; }
}

/// <summary>Button colour (https://docs.slack.dev/reference/block-kit/block-elements/button-element); omit for the default.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ButtonStyle>))]
public enum ButtonStyle
{
    [JsonStringEnumMemberName("primary")]
    Primary,

    [JsonStringEnumMemberName("danger")]
    Danger,
}

/// <summary>When a plain-text input fires block_actions (https://docs.slack.dev/reference/block-kit/composition-objects/dispatch-action-configuration-object).</summary>
public sealed record DispatchActionConfig(IReadOnlyList<TriggerActionsOn> TriggerActionsOn);

/// <summary>Values of <c>trigger_actions_on</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriggerActionsOn>))]
public enum TriggerActionsOn
{
    [JsonStringEnumMemberName("on_enter_pressed")]
    OnEnterPressed,

    [JsonStringEnumMemberName("on_character_entered")]
    OnCharacterEntered,
}
