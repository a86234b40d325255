using System.Text.Json.Serialization;

namespace LearningBot.Slack.BlockKit;

/// <summary>An element a section block may show on its right (https://docs.slack.dev/reference/block-kit/blocks/section-block).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(ButtonElement))]
[JsonDerivedType(typeof(CheckboxesElement))]
[JsonDerivedType(typeof(RadioButtonsElement))]
[JsonDerivedType(typeof(StaticSelectElement))]
[JsonDerivedType(typeof(OverflowElement))]
[JsonDerivedType(typeof(ImageElement))]
public interface ISectionAccessory : IBlockKitObject;

/// <summary>An element an actions block may hold (https://docs.slack.dev/reference/block-kit/blocks/actions-block).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(ButtonElement))]
[JsonDerivedType(typeof(CheckboxesElement))]
[JsonDerivedType(typeof(RadioButtonsElement))]
[JsonDerivedType(typeof(StaticSelectElement))]
[JsonDerivedType(typeof(OverflowElement))]
public interface IActionsElement : IBlockKitObject;

/// <summary>An element an input block may hold (https://docs.slack.dev/reference/block-kit/blocks/input-block).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(CheckboxesElement))]
[JsonDerivedType(typeof(RadioButtonsElement))]
[JsonDerivedType(typeof(StaticSelectElement))]
[JsonDerivedType(typeof(PlainTextInputElement))]
public interface IInputElement : IBlockKitObject;

/// <summary>An element a context block may hold: text or a small image (https://docs.slack.dev/reference/block-kit/blocks/context-block).</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(PlainText))]
[JsonDerivedType(typeof(MrkdwnText))]
[JsonDerivedType(typeof(ImageElement))]
public interface IContextElement : IBlockKitObject;

/// <summary>An element that sends block_actions; its <c>action_id</c> is unique in its block.</summary>
public interface IInteractiveElement : IBlockKitObject
{
    /// <summary>Identifies the action in the interaction payload (https://docs.slack.dev/reference/block-kit/block-elements).</summary>
    string ActionId { get; }
}

/// <summary>Button element (https://docs.slack.dev/reference/block-kit/block-elements/button-element).</summary>
public sealed record ButtonElement(PlainText Text, string ActionId) : ISectionAccessory, IActionsElement, IInteractiveElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "button";

    public string? Value { get; init; }

    /// <summary>Opens this URL; Slack still sends the interaction, which must be acknowledged.</summary>
    public string? Url { get; init; }

    public ButtonStyle? Style { get; init; }

    public ConfirmationDialog? Confirm { get; init; }

    public string? AccessibilityLabel { get; init; }
}

/// <summary>Checkbox group element (https://docs.slack.dev/reference/block-kit/block-elements/checkboxes-element).</summary>
public sealed record CheckboxesElement(string ActionId, IReadOnlyList<Option> Options)
    : ISectionAccessory, IActionsElement, IInputElement, IInteractiveElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "checkboxes";

    /// <summary>Options checked at first; each must be one of <see cref="Options"/>.</summary>
    public IReadOnlyList<Option>? InitialOptions { get; init; }

    public ConfirmationDialog? Confirm { get; init; }

    public bool? FocusOnLoad { get; init; }
}

/// <summary>Radio button group element (https://docs.slack.dev/reference/block-kit/block-elements/radio-button-group-element).</summary>
public sealed record RadioButtonsElement(string ActionId, IReadOnlyList<Option> Options)
    : ISectionAccessory, IActionsElement, IInputElement, IInteractiveElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "radio_buttons";

    /// <summary>The option selected at first; must be one of <see cref="Options"/>.</summary>
    public Option? InitialOption { get; init; }

    public ConfirmationDialog? Confirm { get; init; }

    public bool? FocusOnLoad { get; init; }
}

/// <summary>Static select menu (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#static_select); set exactly one of options and option groups.</summary>
public sealed record StaticSelectElement(string ActionId)
    : ISectionAccessory, IActionsElement, IInputElement, IInteractiveElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "static_select";

    public PlainText? Placeholder { get; init; }

    public IReadOnlyList<Option>? Options { get; init; }

    public IReadOnlyList<OptionGroup>? OptionGroups { get; init; }

    public Option? InitialOption { get; init; }

    public ConfirmationDialog? Confirm { get; init; }

    public bool? FocusOnLoad { get; init; }
}

/// <summary>Overflow menu, up to five options behind "⋯" (https://docs.slack.dev/reference/block-kit/block-elements/overflow-menu-element).</summary>
public sealed record OverflowElement(string ActionId, IReadOnlyList<Option> Options)
    : ISectionAccessory, IActionsElement, IInteractiveElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "overflow";

    public ConfirmationDialog? Confirm { get; init; }
}

/// <summary>Plain-text input (https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element).</summary>
public sealed record PlainTextInputElement(string ActionId) : IInputElement, IInteractiveElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "plain_text_input";

    public PlainText? Placeholder { get; init; }

    public string? InitialValue { get; init; }

    public bool? Multiline { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public DispatchActionConfig? DispatchActionConfig { get; init; }

    public bool? FocusOnLoad { get; init; }
}

/// <summary>Image element, for section accessories and context blocks (https://docs.slack.dev/reference/block-kit/block-elements/image-element).</summary>
public sealed record ImageElement(string ImageUrl, string AltText) : ISectionAccessory, IContextElement
{
    [JsonPropertyOrder(-1)]
    public string Type => "image";
}
