namespace LearningBot.Slack.BlockKit;

/// <summary>Slack's Block Kit limits, each with the page that states it (https://docs.slack.dev/reference/block-kit).</summary>
/// <remarks>Lengths are counted in UTF-16 code units, which is never fewer than the characters Slack counts.</remarks>
public static class BlockKitLimits
{
    /// <summary>https://docs.slack.dev/reference/methods/chat.postMessage (blocks: up to 50).</summary>
    public const int MessageMaxBlocks = 50;

    /// <summary>https://docs.slack.dev/reference/methods/chat.postMessage (Slack truncates text past 40,000 characters).</summary>
    public const int MessageTextMaxLength = 40_000;

    /// <summary>https://docs.slack.dev/reference/views/modal-views (blocks: up to 100, also for the Home tab).</summary>
    public const int ViewMaxBlocks = 100;

    /// <summary>https://docs.slack.dev/reference/methods/views.open (<c>view_too_large</c>: over 250 kB of JSON); bytes of UTF-8.</summary>
    public const int ViewMaxBytes = 250_000;

    /// <summary>https://docs.slack.dev/reference/views/modal-views (title, submit and close: plain_text up to 24).</summary>
    public const int ModalTitleMaxLength = 24;

    /// <summary>https://docs.slack.dev/reference/views/modal-views</summary>
    public const int ModalSubmitMaxLength = 24;

    /// <summary>https://docs.slack.dev/reference/views/modal-views</summary>
    public const int ModalCloseMaxLength = 24;

    /// <summary>https://docs.slack.dev/reference/views/modal-views (private_metadata: up to 3000).</summary>
    public const int ViewPrivateMetadataMaxLength = 3000;

    /// <summary>https://docs.slack.dev/reference/views/modal-views (callback_id: up to 255).</summary>
    public const int ViewCallbackIdMaxLength = 255;

    /// <summary>https://docs.slack.dev/reference/views/modal-views (external_id: up to 255).</summary>
    public const int ViewExternalIdMaxLength = 255;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks (block_id: up to 255, unique in a message or view).</summary>
    public const int BlockIdMaxLength = 255;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements (action_id: up to 255, unique in its block).</summary>
    public const int ActionIdMaxLength = 255;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/header-block</summary>
    public const int HeaderTextMaxLength = 150;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/section-block</summary>
    public const int SectionTextMaxLength = 3000;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/section-block</summary>
    public const int SectionMaxFields = 10;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/section-block</summary>
    public const int SectionFieldTextMaxLength = 2000;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/context-block</summary>
    public const int ContextMaxElements = 10;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/actions-block</summary>
    public const int ActionsMaxElements = 25;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/image-block</summary>
    public const int ImageUrlMaxLength = 3000;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/image-block</summary>
    public const int ImageAltTextMaxLength = 2000;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/image-block</summary>
    public const int ImageTitleMaxLength = 2000;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/video-block ("less than 200 characters").</summary>
    public const int VideoTitleMaxLength = 199;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/video-block ("less than 200 characters").</summary>
    public const int VideoDescriptionMaxLength = 199;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/video-block ("less than 50 characters").</summary>
    public const int VideoAuthorNameMaxLength = 49;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/input-block</summary>
    public const int InputLabelMaxLength = 2000;

    /// <summary>https://docs.slack.dev/reference/block-kit/blocks/input-block</summary>
    public const int InputHintMaxLength = 2000;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/button-element</summary>
    public const int ButtonTextMaxLength = 75;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/button-element</summary>
    public const int ButtonValueMaxLength = 2000;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/button-element</summary>
    public const int ButtonUrlMaxLength = 3000;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/button-element</summary>
    public const int ButtonAccessibilityLabelMaxLength = 75;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/checkboxes-element</summary>
    public const int CheckboxesMaxOptions = 10;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/radio-button-group-element</summary>
    public const int RadioButtonsMaxOptions = 10;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element</summary>
    public const int SelectMaxOptions = 100;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element</summary>
    public const int SelectMaxOptionGroups = 100;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element (placeholder, also for plain-text input).</summary>
    public const int PlaceholderMaxLength = 150;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/overflow-menu-element</summary>
    public const int OverflowMaxOptions = 5;

    /// <summary>https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element (min_length and max_length up to 3000).</summary>
    public const int PlainTextInputMaxLength = 3000;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/option-object</summary>
    public const int OptionTextMaxLength = 75;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/option-object says 150, Slack's node types say 75: 75 satisfies both.</summary>
    public const int OptionValueMaxLength = 75;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/option-object</summary>
    public const int OptionDescriptionMaxLength = 75;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/option-object (url: overflow menus only).</summary>
    public const int OptionUrlMaxLength = 3000;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object</summary>
    public const int OptionGroupLabelMaxLength = 75;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/option-group-object</summary>
    public const int OptionGroupMaxOptions = 100;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object</summary>
    public const int ConfirmTitleMaxLength = 100;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object</summary>
    public const int ConfirmTextMaxLength = 300;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object</summary>
    public const int ConfirmButtonMaxLength = 30;

    /// <summary>https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object</summary>
    public const int ConfirmDenyMaxLength = 30;
}
