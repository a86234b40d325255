using System.Runtime.CompilerServices;

namespace LearningBot.Slack.BlockKit;

/// <summary>Checks a message or view against <see cref="BlockKitLimits"/> and Slack's structural rules before Slack sees it.</summary>
/// <remarks>The builders call it; call it yourself for a payload made without one. Throws <see cref="BlockKitException"/> at the first problem.</remarks>
public static class BlockKitValidator
{
    public static void Validate(SlackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Required(message.Text, "text", "a message needs fallback text for notifications and screen readers");
        MaxLength(message.Text, BlockKitLimits.MessageTextMaxLength, "text");
        Required(message.Blocks, "blocks");
        MaxCount(message.Blocks, BlockKitLimits.MessageMaxBlocks, "blocks");
        ValidateBlocks(message.Blocks, "blocks");
    }

    public static void Validate(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        Required(view.Blocks, "blocks");
        MaxCount(view.Blocks, BlockKitLimits.ViewMaxBlocks, "blocks");
        ValidateBlocks(view.Blocks, "blocks");
        MaxLength(view.PrivateMetadata, BlockKitLimits.ViewPrivateMetadataMaxLength, "private_metadata");
        MaxLength(view.CallbackId, BlockKitLimits.ViewCallbackIdMaxLength, "callback_id");
        MaxLength(view.ExternalId, BlockKitLimits.ViewExternalIdMaxLength, "external_id");

        if (view is ModalView modal)
        {
            if (modal.Blocks.Count == 0)
                throw new BlockKitException("required", "blocks", "a modal needs at least one block");
            Text(modal.Title, BlockKitLimits.ModalTitleMaxLength, "title");
            OptionalText(modal.Submit, BlockKitLimits.ModalSubmitMaxLength, "submit");
            OptionalText(modal.Close, BlockKitLimits.ModalCloseMaxLength, "close");
            if (modal.Submit is null && modal.Blocks.Any(b => b is InputBlock))
                throw new BlockKitException("required", "submit", "a modal with an input block needs a submit button");
        }

        var bytes = BlockKitJson.SerializeToUtf8Bytes(view).Length;
        if (bytes > BlockKitLimits.ViewMaxBytes)
            throw new BlockKitException(nameof(BlockKitLimits) + "." + nameof(BlockKitLimits.ViewMaxBytes), "view",
                $"the view's JSON is {bytes} bytes, more than {BlockKitLimits.ViewMaxBytes}");
    }

    private static void ValidateBlocks(IReadOnlyList<Block> blocks, string path)
    {
        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            var at = $"{path}[{i}]";
            var block = blocks[i] ?? throw new BlockKitException("required", at, "a block is null");
            if (block.BlockId is not null)
            {
                Required(block.BlockId, $"{at}.block_id");
                MaxLength(block.BlockId, BlockKitLimits.BlockIdMaxLength, $"{at}.block_id");
                if (!blockIds.Add(block.BlockId))
                    throw new BlockKitException("unique block_id", $"{at}.block_id", $"block_id '{block.BlockId}' is used twice");
            }
            ValidateBlock(block, at);
        }
    }

    private static void ValidateBlock(Block block, string at)
    {
        switch (block)
        {
            case HeaderBlock header:
                Text(header.Text, BlockKitLimits.HeaderTextMaxLength, $"{at}.text");
                break;
            case SectionBlock section:
                if (section.Text is null && (section.Fields is null || section.Fields.Count == 0))
                    throw new BlockKitException("required", at, "a section needs text or fields");
                OptionalText(section.Text, BlockKitLimits.SectionTextMaxLength, $"{at}.text");
                if (section.Fields is not null)
                {
                    MaxCount(section.Fields, BlockKitLimits.SectionMaxFields, $"{at}.fields");
                    for (var f = 0; f < section.Fields.Count; f++)
                        Text(section.Fields[f], BlockKitLimits.SectionFieldTextMaxLength, $"{at}.fields[{f}]");
                }
                if (section.Accessory is not null)
                    ValidateElement(section.Accessory, $"{at}.accessory");
                break;
            case ContextBlock context:
                Count(context.Elements, 1, BlockKitLimits.ContextMaxElements, $"{at}.elements");
                for (var e = 0; e < context.Elements.Count; e++)
                    ValidateElement(context.Elements[e], $"{at}.elements[{e}]");
                break;
            case DividerBlock:
                break;
            case ImageBlock image:
                Url(image.ImageUrl, BlockKitLimits.ImageUrlMaxLength, $"{at}.image_url");
                Required(image.AltText, $"{at}.alt_text", "images need alt text");
                MaxLength(image.AltText, BlockKitLimits.ImageAltTextMaxLength, $"{at}.alt_text");
                OptionalText(image.Title, BlockKitLimits.ImageTitleMaxLength, $"{at}.title");
                break;
            case VideoBlock video:
                Required(video.AltText, $"{at}.alt_text", "videos need alt text");
                Text(video.Title, BlockKitLimits.VideoTitleMaxLength, $"{at}.title");
                Required(video.ThumbnailUrl, $"{at}.thumbnail_url");
                HttpsUrl(video.VideoUrl, $"{at}.video_url");
                if (video.TitleUrl is not null)
                    HttpsUrl(video.TitleUrl, $"{at}.title_url");
                OptionalText(video.Description, BlockKitLimits.VideoDescriptionMaxLength, $"{at}.description");
                MaxLength(video.AuthorName, BlockKitLimits.VideoAuthorNameMaxLength, $"{at}.author_name");
                break;
            case ActionsBlock actions:
                Count(actions.Elements, 1, BlockKitLimits.ActionsMaxElements, $"{at}.elements");
                var actionIds = new HashSet<string>(StringComparer.Ordinal);
                for (var e = 0; e < actions.Elements.Count; e++)
                {
                    var element = actions.Elements[e];
                    ValidateElement(element, $"{at}.elements[{e}]");
                    if (element is IInteractiveElement interactive && !actionIds.Add(interactive.ActionId))
                        throw new BlockKitException("unique action_id", $"{at}.elements[{e}].action_id",
                            $"action_id '{interactive.ActionId}' is used twice in one block");
                }
                break;
            case InputBlock input:
                Text(input.Label, BlockKitLimits.InputLabelMaxLength, $"{at}.label");
                OptionalText(input.Hint, BlockKitLimits.InputHintMaxLength, $"{at}.hint");
                Required(input.Element, $"{at}.element");
                ValidateElement(input.Element, $"{at}.element");
                break;
            default:
                throw new BlockKitException("known block type", at, $"{block.GetType().Name} has no validation rules");
        }
    }

    private static void ValidateElement(IBlockKitObject element, string at)
    {
        if (element is null)
            throw new BlockKitException("required", at, "an element is null");
        if (element is IInteractiveElement interactive)
        {
            Required(interactive.ActionId, $"{at}.action_id");
            MaxLength(interactive.ActionId, BlockKitLimits.ActionIdMaxLength, $"{at}.action_id");
        }

        switch (element)
        {
            case TextObject text:
                Text(text, int.MaxValue, at);
                break;
            case ImageElement image:
                Url(image.ImageUrl, BlockKitLimits.ImageUrlMaxLength, $"{at}.image_url");
                Required(image.AltText, $"{at}.alt_text", "images need alt text");
                MaxLength(image.AltText, BlockKitLimits.ImageAltTextMaxLength, $"{at}.alt_text");
                break;
            case ButtonElement button:
                Text(button.Text, BlockKitLimits.ButtonTextMaxLength, $"{at}.text");
                MaxLength(button.Value, BlockKitLimits.ButtonValueMaxLength, $"{at}.value");
                if (button.Url is not null)
                    Url(button.Url, BlockKitLimits.ButtonUrlMaxLength, $"{at}.url");
                MaxLength(button.AccessibilityLabel, BlockKitLimits.ButtonAccessibilityLabelMaxLength, $"{at}.accessibility_label");
                Confirm(button.Confirm, $"{at}.confirm");
                break;
            case CheckboxesElement checkboxes:
                Options(checkboxes.Options, BlockKitLimits.CheckboxesMaxOptions, $"{at}.options", plainOnly: false, urls: false);
                if (checkboxes.InitialOptions is not null)
                    for (var i = 0; i < checkboxes.InitialOptions.Count; i++)
                        OneOf(checkboxes.InitialOptions[i], checkboxes.Options, $"{at}.initial_options[{i}]");
                Confirm(checkboxes.Confirm, $"{at}.confirm");
                break;
            case RadioButtonsElement radio:
                Options(radio.Options, BlockKitLimits.RadioButtonsMaxOptions, $"{at}.options", plainOnly: false, urls: false);
                if (radio.InitialOption is not null)
                    OneOf(radio.InitialOption, radio.Options, $"{at}.initial_option");
                Confirm(radio.Confirm, $"{at}.confirm");
                break;
            case StaticSelectElement select:
                ValidateStaticSelect(select, at);
                break;
            case OverflowElement overflow:
                Options(overflow.Options, BlockKitLimits.OverflowMaxOptions, $"{at}.options", plainOnly: true, urls: true);
                Confirm(overflow.Confirm, $"{at}.confirm");
                break;
            case PlainTextInputElement input:
                OptionalText(input.Placeholder, BlockKitLimits.PlaceholderMaxLength, $"{at}.placeholder");
                if (input.MinLength is { } min && (min < 0 || min > BlockKitLimits.PlainTextInputMaxLength))
                    throw Limit(nameof(BlockKitLimits.PlainTextInputMaxLength), $"{at}.min_length",
                        $"min_length must be 0 to {BlockKitLimits.PlainTextInputMaxLength}, not {min}");
                if (input.MaxLength is { } max && (max < 1 || max > BlockKitLimits.PlainTextInputMaxLength))
                    throw Limit(nameof(BlockKitLimits.PlainTextInputMaxLength), $"{at}.max_length",
                        $"max_length must be 1 to {BlockKitLimits.PlainTextInputMaxLength}, not {max}");
                if (input.MinLength > input.MaxLength)
                    throw new BlockKitException("min_length <= max_length", $"{at}.min_length", "min_length is greater than max_length");
                MaxLength(input.InitialValue, input.MaxLength ?? BlockKitLimits.PlainTextInputMaxLength, $"{at}.initial_value", "max_length");
                if (input.DispatchActionConfig is { TriggerActionsOn.Count: 0 })
                    throw new BlockKitException("required", $"{at}.dispatch_action_config.trigger_actions_on", "name at least one trigger");
                break;
            default:
                throw new BlockKitException("known element type", at, $"{element.GetType().Name} has no validation rules");
        }
    }

    private static void ValidateStaticSelect(StaticSelectElement select, string at)
    {
        OptionalText(select.Placeholder, BlockKitLimits.PlaceholderMaxLength, $"{at}.placeholder");
        if ((select.Options is null) == (select.OptionGroups is null))
            throw new BlockKitException("one of options or option_groups", at, "a static select needs exactly one of options and option_groups");

        var all = new List<Option>();
        if (select.Options is not null)
        {
            Options(select.Options, BlockKitLimits.SelectMaxOptions, $"{at}.options", plainOnly: true, urls: false);
            all.AddRange(select.Options);
        }
        else
        {
            Count(select.OptionGroups!, 1, BlockKitLimits.SelectMaxOptionGroups, $"{at}.option_groups");
            for (var g = 0; g < select.OptionGroups!.Count; g++)
            {
                var group = select.OptionGroups[g];
                Text(group.Label, BlockKitLimits.OptionGroupLabelMaxLength, $"{at}.option_groups[{g}].label");
                Options(group.Options, BlockKitLimits.OptionGroupMaxOptions, $"{at}.option_groups[{g}].options", plainOnly: true, urls: false);
                all.AddRange(group.Options);
            }
        }
        if (select.InitialOption is not null)
            OneOf(select.InitialOption, all, $"{at}.initial_option");
        Confirm(select.Confirm, $"{at}.confirm");
    }

    private static void Options(IReadOnlyList<Option> options, int max, string at, bool plainOnly, bool urls,
        [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        Count(options, 1, max, at, limit);
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i] ?? throw new BlockKitException("required", $"{at}[{i}]", "an option is null");
            if (plainOnly && option.Text is not PlainText)
                throw new BlockKitException("plain_text option", $"{at}[{i}].text", "this element only takes plain_text options");
            Text(option.Text, BlockKitLimits.OptionTextMaxLength, $"{at}[{i}].text");
            Required(option.Value, $"{at}[{i}].value");
            MaxLength(option.Value, BlockKitLimits.OptionValueMaxLength, $"{at}[{i}].value");
            OptionalText(option.Description, BlockKitLimits.OptionDescriptionMaxLength, $"{at}[{i}].description");
            if (option.Url is not null)
            {
                if (!urls)
                    throw new BlockKitException("url in overflow options only", $"{at}[{i}].url", "only overflow menu options may have a url");
                Url(option.Url, BlockKitLimits.OptionUrlMaxLength, $"{at}[{i}].url");
            }
        }
    }

    private static void OneOf(Option initial, IEnumerable<Option> options, string at)
    {
        if (!options.Contains(initial))
            throw new BlockKitException("initial option among options", at, $"initial option '{initial.Value}' is not one of the options");
    }

    private static void Confirm(ConfirmationDialog? confirm, string at)
    {
        if (confirm is null)
            return;
        Text(confirm.Title, BlockKitLimits.ConfirmTitleMaxLength, $"{at}.title");
        Text(confirm.Text, BlockKitLimits.ConfirmTextMaxLength, $"{at}.text");
        Text(confirm.Confirm, BlockKitLimits.ConfirmButtonMaxLength, $"{at}.confirm");
        Text(confirm.Deny, BlockKitLimits.ConfirmDenyMaxLength, $"{at}.deny");
    }

    private static void OptionalText(TextObject? text, int max, string at, [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        if (text is not null)
            Text(text, max, at, limit);
    }

    private static void Text(TextObject? text, int max, string at, [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        if (text is null)
            throw new BlockKitException("required", at, "a text object is required here");
        if (string.IsNullOrEmpty(text.Text))
            throw new BlockKitException("required", $"{at}.text", "text must not be empty");
        MaxLength(text.Text, max, $"{at}.text", limit);
    }

    private static void Url(string? url, int max, string at, [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        Required(url, at);
        MaxLength(url, max, at, limit);
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            throw new BlockKitException("absolute URL", at, "must be an absolute URL");
    }

    private static void HttpsUrl(string? url, string at)
    {
        Required(url, at);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new BlockKitException("https URL", at, "must be an absolute https URL");
    }

    private static void Required(object? value, string at, string? why = null)
    {
        if (value is null || value is string { Length: 0 })
            throw new BlockKitException("required", at, why ?? "required, and must not be empty");
    }

    private static void MaxLength(string? value, int max, string at, [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        if (value is not null && value.Length > max)
            throw new BlockKitException(limit, at, $"{value.Length} characters, more than {max}");
    }

    private static void MaxCount<T>(IReadOnlyCollection<T> items, int max, string at, [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        if (items.Count > max)
            throw new BlockKitException(limit, at, $"{items.Count} items, more than {max}");
    }

    private static void Count<T>(IReadOnlyCollection<T> items, int min, int max, string at, [CallerArgumentExpression(nameof(max))] string limit = "")
    {
        Required(items, at);
        if (items.Count < min)
            throw new BlockKitException("required", at, $"needs at least {min} item(s)");
        MaxCount(items, max, at, limit);
    }

    private static BlockKitException Limit(string constant, string at, string problem) =>
        new(nameof(BlockKitLimits) + "." + constant, at, problem);
}
