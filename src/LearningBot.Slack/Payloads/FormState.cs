using System.Text.Json;

namespace LearningBot.Slack.Payloads;

/// <summary>
/// What the user entered or chose in a view or message's input elements, by block_id and action_id: the
/// <c>state.values</c> of block_actions and view_submission payloads (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission).
/// </summary>
public sealed class FormState
{
    public static readonly FormState Empty = new(default);

    private readonly JsonElement _values;

    private FormState(JsonElement values) => _values = values;

    /// <summary>The <c>state.values</c> inside <paramref name="container"/> (a view, or a block_actions payload); empty when there are none.</summary>
    public static FormState Of(JsonElement container) =>
        container.ValueKind == JsonValueKind.Object && container.TryGetProperty("state", out var state)
        && state.ValueKind == JsonValueKind.Object && state.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object
            ? new FormState(values.Clone())
            : Empty;

    /// <summary>A <c>state.values</c> object itself.</summary>
    public static FormState OfValues(JsonElement values) => values.ValueKind == JsonValueKind.Object ? new FormState(values.Clone()) : Empty;

    /// <summary>Whether the form has the block at all: a view rendered before a field existed does not.</summary>
    public bool Has(string blockId) => _values.ValueKind == JsonValueKind.Object && _values.TryGetProperty(blockId, out _);

    /// <summary>The chosen options' values: every one of checkboxes or a multi-select, the one of radio buttons or a select, or none.</summary>
    public IReadOnlyList<string?> Chosen(string blockId, string actionId)
    {
        if (Element(blockId, actionId) is not { } element)
            return [];
        if (element.TryGetProperty("selected_options", out var many) && many.ValueKind == JsonValueKind.Array)
            return [.. many.EnumerateArray().Select(OptionValue)];
        if (element.TryGetProperty("selected_option", out var one) && one.ValueKind == JsonValueKind.Object)
            return [OptionValue(one)];
        return [];
    }

    /// <summary>The value of the one chosen option (radio buttons, select); null when nothing is chosen.</summary>
    public string? ChosenOne(string blockId, string actionId) =>
        Element(blockId, actionId) is { } element && element.TryGetProperty("selected_option", out var one) && one.ValueKind == JsonValueKind.Object
            ? OptionValue(one)
            : null;

    /// <summary>What was typed into a plain-text input; null when the field is missing or empty.</summary>
    public string? Text(string blockId, string actionId) =>
        Element(blockId, actionId) is { } element && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private JsonElement? Element(string blockId, string actionId) =>
        _values.ValueKind == JsonValueKind.Object && _values.TryGetProperty(blockId, out var block) && block.ValueKind == JsonValueKind.Object
        && block.TryGetProperty(actionId, out var element) && element.ValueKind == JsonValueKind.Object
            ? element
            : null;

    private static string? OptionValue(JsonElement option) =>
        option.ValueKind == JsonValueKind.Object && option.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
