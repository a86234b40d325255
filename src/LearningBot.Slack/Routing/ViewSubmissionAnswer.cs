using System.Text.Json;
using System.Text.Json.Nodes;
using LearningBot.Slack.BlockKit;
using LearningBot.Slack.WebApi;

namespace LearningBot.Slack.Routing;

/// <summary>A modal submit's <c>response_action</c>, sent in the ack (https://docs.slack.dev/surfaces/modals#updating_response).</summary>
public sealed record ViewSubmissionAnswer
{
    private ViewSubmissionAnswer(string action, IReadOnlyDictionary<string, string>? errors, ModalView? view)
    {
        Action = action;
        Errors = errors;
        View = view;
    }

    /// <summary><c>errors</c>, <c>update</c>, <c>push</c> or <c>clear</c>.</summary>
    public string Action { get; }

    /// <summary>Messages shown under the input blocks they name, by block_id.</summary>
    public IReadOnlyDictionary<string, string>? Errors { get; }

    public ModalView? View { get; }

    /// <summary>The modal stays open and shows each message under the input block it names.</summary>
    public static ViewSubmissionAnswer WithErrors(IReadOnlyDictionary<string, string> errors) => new("errors", errors, null);

    /// <summary>The modal stays open and shows one message under one input block.</summary>
    public static ViewSubmissionAnswer WithError(string blockId, string message) => WithErrors(new Dictionary<string, string> { [blockId] = message });

    /// <summary>The modal becomes <paramref name="view"/>.</summary>
    public static ViewSubmissionAnswer Update(ModalView view) => new("update", null, view);

    /// <summary><paramref name="view"/> goes on top of the modal.</summary>
    public static ViewSubmissionAnswer Push(ModalView view) => new("push", null, view);

    /// <summary>Every modal of the stack closes.</summary>
    public static ViewSubmissionAnswer Clear { get; } = new("clear", null, null);

    /// <summary>Whether the modal closes with this answer, as it does with none.</summary>
    public bool Closes => Action == "clear";

    /// <summary>The ack body, serialised once.</summary>
    public JsonObject ToJson() =>
        JsonSerializer.SerializeToNode(new ViewAnswerBody(Action, Errors, View), WebApiJsonContext.Default.ViewAnswerBody)!.AsObject();
}
