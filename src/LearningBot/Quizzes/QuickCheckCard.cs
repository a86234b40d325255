using LearningBot.Slack.BlockKit;

namespace LearningBot.Quizzes;

/// <summary>
/// A quick check: one question of a lesson the seller had, asked again as it was (options in a fresh order), with
/// Submit and Later; graded in place with the explanation and a button to re-read the lesson.
/// </summary>
internal static class QuickCheckCard
{
    public static SlackMessage Render(LessonView check)
    {
        var blocks = new List<Block>
        {
            new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Text($":brain: *Quick check* · {check.WhyNow ?? check.Title}"), LessonCard.SectionTextLimit))]),
        };
        foreach (var question in check.Questions)
            blocks.AddRange(LessonCard.QuestionBlocks(check, question, 1));
        blocks.Add(new ActionsBlock(
        [
            new ButtonElement(TextObject.Plain("Submit"), LessonCard.SubmitAction) { Value = check.DeliveryId.ToString(), Style = ButtonStyle.Primary },
            new ButtonElement(TextObject.Plain("Later"), LessonCard.LaterAction) { Value = check.DeliveryId.ToString() },
        ]) { BlockId = "lesson-actions" });
        return new MessageBuilder(Notification(check)).Add(blocks).Build();
    }

    public static SlackMessage RenderGraded(LessonView check, IReadOnlyList<GradedAnswer> grades)
    {
        var blocks = new List<Block>
        {
            new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Text($":brain: *Quick check* · {check.Title}"), LessonCard.SectionTextLimit))]),
        };
        foreach (var question in check.Questions)
        {
            if (grades.FirstOrDefault(g => g.QuestionId == question.Id) is not { } grade)
                continue;
            blocks.Add(new SectionBlock(TextObject.Markdown(Mrkdwn.Truncate(LessonCard.GradedText(question, grade, 1), LessonCard.SectionTextLimit))));
            if (!string.IsNullOrWhiteSpace(question.Explanation))
                blocks.Add(new ContextBlock([TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Escape(question.Explanation), LessonCard.SectionTextLimit))]));
        }
        blocks.Add(new ActionsBlock(
        [
            new ButtonElement(TextObject.Plain("Re-read the lesson"), LessonCard.ReadAction) { Value = check.DeliveryId.ToString() },
        ]) { BlockId = "lesson-actions-done" });
        var right = grades.Count(g => g.FullyRight);
        return new MessageBuilder($"Quick check done: {LessonCard.Score(right, grades.Count)}").Add(blocks).Build();
    }

    public static string Notification(LessonView check) =>
        $"Quick check: {Mrkdwn.TruncatePlainText(check.Questions.FirstOrDefault()?.Prompt ?? check.Title, 120)}";
}
