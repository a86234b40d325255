namespace LearningBot.Slack.BlockKit;

/// <summary>A Block Kit payload broke one of Slack's limits (https://docs.slack.dev/reference/block-kit); Slack would answer <c>invalid_blocks</c>.</summary>
public sealed class BlockKitException : Exception
{
    public BlockKitException(string limit, string path, string problem)
        : base($"{path}: {problem} ({limit}).")
    {
        Limit = limit;
        Path = path;
    }

    /// <summary>The broken limit: a <see cref="BlockKitLimits"/> constant such as <c>BlockKitLimits.ButtonTextMaxLength</c>, or a rule such as <c>unique block_id</c>.</summary>
    public string Limit { get; }

    /// <summary>Where in the payload, as a JSON path such as <c>blocks[2].elements[0].text</c>.</summary>
    public string Path { get; }
}
