using LearningBot.Reinforcement;

namespace LearningBot.Delivery.Simulation;

/// <summary>How the simulated seller answers every question (<c>--answers</c>).</summary>
internal enum SimulatedAnswers
{
    /// <summary>Every answer right.</summary>
    Right,

    /// <summary>Every answer wrong.</summary>
    Wrong,

    /// <summary>Wrong the first time a question is asked (in the lesson card), right ever after.</summary>
    FirstWrong,

    /// <summary>Wrong, right, wrong, … for each question.</summary>
    Alternate,
}

internal static class SimulatedAnswersExtensions
{
    public static readonly string[] Names = ["right", "wrong", "first-wrong", "alternate"];

    public static SimulatedAnswers Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "right" => SimulatedAnswers.Right,
        "wrong" => SimulatedAnswers.Wrong,
        "first-wrong" => SimulatedAnswers.FirstWrong,
        "alternate" => SimulatedAnswers.Alternate,
        _ => throw new SimulationInputException($"--answers \"{text}\" is not one of {string.Join(", ", Names)}"),
    };

    /// <param name="earlierReviews">How often this question was answered before.</param>
    public static Grade GradeFor(this SimulatedAnswers answers, int earlierReviews) => answers switch
    {
        SimulatedAnswers.Wrong => Grade.Again,
        SimulatedAnswers.FirstWrong => earlierReviews == 0 ? Grade.Again : Grade.Good,
        SimulatedAnswers.Alternate => earlierReviews % 2 == 0 ? Grade.Again : Grade.Good,
        _ => Grade.Good,
    };
}
