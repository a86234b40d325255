namespace LearningBot.Slack.BlockKit;

/// <summary>Builds a <see cref="SlackMessage"/> and checks every Block Kit limit on <see cref="Build"/> (https://docs.slack.dev/block-kit).</summary>
public sealed class MessageBuilder(string text)
{
    private readonly List<Block> _blocks = [];

    /// <summary>A message of text alone, such as a short ephemeral note; checked like any other.</summary>
    public static SlackMessage TextOnly(string text) => new MessageBuilder(text).Build();

    public MessageBuilder Add(params IEnumerable<Block> blocks)
    {
        _blocks.AddRange(blocks);
        return this;
    }

    /// <summary>The message, or a <see cref="BlockKitException"/> naming the limit that was broken and where.</summary>
    public SlackMessage Build()
    {
        var message = new SlackMessage(text, [.. _blocks]);
        BlockKitValidator.Validate(message);
        return message;
    }
}

/// <summary>Builds a <see cref="ModalView"/> and checks every limit on <see cref="Build"/> (https://docs.slack.dev/surfaces/modals).</summary>
public sealed class ModalBuilder(string title)
{
    private readonly List<Block> _blocks = [];
    private string? _submit;
    private string? _close;
    private string? _callbackId;
    private string? _privateMetadata;
    private string? _externalId;
    private bool? _notifyOnClose;
    private bool? _clearOnClose;

    public ModalBuilder Add(params IEnumerable<Block> blocks)
    {
        _blocks.AddRange(blocks);
        return this;
    }

    public ModalBuilder Submit(string text)
    {
        _submit = text;
        return this;
    }

    public ModalBuilder Close(string text)
    {
        _close = text;
        return this;
    }

    public ModalBuilder CallbackId(string callbackId)
    {
        _callbackId = callbackId;
        return this;
    }

    public ModalBuilder PrivateMetadata(string metadata)
    {
        _privateMetadata = metadata;
        return this;
    }

    public ModalBuilder ExternalId(string externalId)
    {
        _externalId = externalId;
        return this;
    }

    public ModalBuilder NotifyOnClose(bool notify = true)
    {
        _notifyOnClose = notify;
        return this;
    }

    public ModalBuilder ClearOnClose(bool clear = true)
    {
        _clearOnClose = clear;
        return this;
    }

    /// <summary>The modal, or a <see cref="BlockKitException"/> naming the limit that was broken and where.</summary>
    public ModalView Build()
    {
        var modal = new ModalView(new PlainText(title), [.. _blocks])
        {
            Submit = _submit is null ? null : new PlainText(_submit),
            Close = _close is null ? null : new PlainText(_close),
            CallbackId = _callbackId,
            PrivateMetadata = _privateMetadata,
            ExternalId = _externalId,
            NotifyOnClose = _notifyOnClose,
            ClearOnClose = _clearOnClose,
        };
        BlockKitValidator.Validate(modal);
        return modal;
    }
}

/// <summary>Builds the App Home tab's <see cref="HomeView"/> and checks every limit on <see cref="Build"/> (https://docs.slack.dev/surfaces/app-home).</summary>
public sealed class HomeBuilder
{
    private readonly List<Block> _blocks = [];
    private string? _callbackId;
    private string? _privateMetadata;
    private string? _externalId;

    public HomeBuilder Add(params IEnumerable<Block> blocks)
    {
        _blocks.AddRange(blocks);
        return this;
    }

    public HomeBuilder CallbackId(string callbackId)
    {
        _callbackId = callbackId;
        return this;
    }

    public HomeBuilder PrivateMetadata(string metadata)
    {
        _privateMetadata = metadata;
        return this;
    }

    public HomeBuilder ExternalId(string externalId)
    {
        _externalId = externalId;
        return this;
    }

    /// <summary>The Home view, or a <see cref="BlockKitException"/> naming the limit that was broken and where.</summary>
    public HomeView Build()
    {
        var home = new HomeView([.. _blocks])
        {
            CallbackId = _callbackId,
            PrivateMetadata = _privateMetadata,
            ExternalId = _externalId,
        };
        BlockKitValidator.Validate(home);
        return home;
    }
}
