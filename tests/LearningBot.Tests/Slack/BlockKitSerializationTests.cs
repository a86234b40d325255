using System.Text.Json.Nodes;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Slack;

/// <summary>The JSON matches the shapes in Slack's Block Kit reference: snake_case, <c>type</c> on every block, element and text, no nulls.</summary>
public sealed class BlockKitSerializationTests
{
    [Fact]
    public void A_message_serialises_to_slacks_documented_block_shapes()
    {
        var message = new MessageBuilder("New lesson: pricing basics")
            .Add(
                new HeaderBlock(new PlainText("Pricing basics") { Emoji = true }),
                new SectionBlock(new MrkdwnText("Hi <@U123>, *three* minutes"))
                {
                    BlockId = "intro",
                    Accessory = new ImageElement("https://example.com/logo.png", "Acme logo"),
                },
                new SectionBlock { Fields = [new MrkdwnText("*Partner*\nAcme"), new PlainText("5 min")] },
                new DividerBlock(),
                new ContextBlock([new ImageElement("https://example.com/i.png", "icon"), new MrkdwnText("Lesson 3 of 10")]),
                new ActionsBlock(
                [
                    new ButtonElement(new PlainText("Submit"), "quiz_submit")
                    {
                        Value = "d:42",
                        Style = ButtonStyle.Primary,
                        Confirm = new ConfirmationDialog(new PlainText("Submit?"), new PlainText("Answers are final."), new PlainText("Yes"), new PlainText("No"))
                        {
                            Style = ButtonStyle.Danger,
                        },
                    },
                    new OverflowElement("more", [new Option(new PlainText("Open guide"), "guide") { Url = "https://example.com/guide" }]),
                ]) { BlockId = "quiz" })
            .Build();

        AssertJson(
            """
            {
              "text": "New lesson: pricing basics",
              "blocks": [
                { "type": "header", "text": { "type": "plain_text", "text": "Pricing basics", "emoji": true } },
                { "type": "section", "block_id": "intro",
                  "text": { "type": "mrkdwn", "text": "Hi <@U123>, *three* minutes" },
                  "accessory": { "type": "image", "image_url": "https://example.com/logo.png", "alt_text": "Acme logo" } },
                { "type": "section", "fields": [ { "type": "mrkdwn", "text": "*Partner*\nAcme" }, { "type": "plain_text", "text": "5 min" } ] },
                { "type": "divider" },
                { "type": "context", "elements": [
                  { "type": "image", "image_url": "https://example.com/i.png", "alt_text": "icon" },
                  { "type": "mrkdwn", "text": "Lesson 3 of 10" } ] },
                { "type": "actions", "block_id": "quiz", "elements": [
                  { "type": "button", "text": { "type": "plain_text", "text": "Submit" }, "action_id": "quiz_submit",
                    "value": "d:42", "style": "primary",
                    "confirm": { "title": { "type": "plain_text", "text": "Submit?" }, "text": { "type": "plain_text", "text": "Answers are final." },
                                 "confirm": { "type": "plain_text", "text": "Yes" }, "deny": { "type": "plain_text", "text": "No" }, "style": "danger" } },
                  { "type": "overflow", "action_id": "more", "options": [
                    { "text": { "type": "plain_text", "text": "Open guide" }, "value": "guide", "url": "https://example.com/guide" } ] } ] }
              ]
            }
            """,
            BlockKitJson.Serialize(message));
    }

    [Fact]
    public void Quiz_elements_serialise_with_their_options_and_initial_choices()
    {
        var a = new Option(new MrkdwnText("*A*"), "a") { Description = new PlainText("first") };
        var b = Option.Plain("B", "b");
        var blocks = new Block[]
        {
            new SectionBlock(new PlainText("Pick one")) { Accessory = new RadioButtonsElement("choice", [a, b]) { InitialOption = b } },
            new ActionsBlock([new CheckboxesElement("pick", [a, b]) { InitialOptions = [a], FocusOnLoad = true }]),
        };

        AssertJson(
            """
            [
              { "type": "section", "text": { "type": "plain_text", "text": "Pick one" },
                "accessory": { "type": "radio_buttons", "action_id": "choice",
                  "options": [ { "text": { "type": "mrkdwn", "text": "*A*" }, "value": "a", "description": { "type": "plain_text", "text": "first" } },
                               { "text": { "type": "plain_text", "text": "B" }, "value": "b" } ],
                  "initial_option": { "text": { "type": "plain_text", "text": "B" }, "value": "b" } } },
              { "type": "actions", "elements": [
                { "type": "checkboxes", "action_id": "pick",
                  "options": [ { "text": { "type": "mrkdwn", "text": "*A*" }, "value": "a", "description": { "type": "plain_text", "text": "first" } },
                               { "text": { "type": "plain_text", "text": "B" }, "value": "b" } ],
                  "initial_options": [ { "text": { "type": "mrkdwn", "text": "*A*" }, "value": "a", "description": { "type": "plain_text", "text": "first" } } ],
                  "focus_on_load": true } ] }
            ]
            """,
            BlockKitJson.Serialize(blocks));
    }

    [Fact]
    public void A_video_block_serialises_like_slacks_example()
    {
        var video = new VideoBlock("How to use Slack?", new PlainText("How to use Slack.") { Emoji = true },
            "https://i.ytimg.com/vi/RRxQQxiM7AA/hqdefault.jpg", "https://www.youtube.com/embed/RRxQQxiM7AA?feature=oembed&autoplay=1")
        {
            Description = new PlainText("Slack is a new way to communicate with your team.") { Emoji = true },
            TitleUrl = "https://www.youtube.com/watch?v=RRxQQxiM7AA",
            AuthorName = "Arcado Buendia",
            ProviderName = "YouTube",
            ProviderIconUrl = "https://a.slack-edge.com/80588/img/unfurl_icons/youtube.png",
        };

        AssertJson(
            """
            {
              "type": "video",
              "title": { "type": "plain_text", "text": "How to use Slack.", "emoji": true },
              "title_url": "https://www.youtube.com/watch?v=RRxQQxiM7AA",
              "description": { "type": "plain_text", "text": "Slack is a new way to communicate with your team.", "emoji": true },
              "video_url": "https://www.youtube.com/embed/RRxQQxiM7AA?feature=oembed&autoplay=1",
              "alt_text": "How to use Slack?",
              "thumbnail_url": "https://i.ytimg.com/vi/RRxQQxiM7AA/hqdefault.jpg",
              "author_name": "Arcado Buendia",
              "provider_name": "YouTube",
              "provider_icon_url": "https://a.slack-edge.com/80588/img/unfurl_icons/youtube.png"
            }
            """,
            BlockKitJson.Serialize(video));
    }

    [Fact]
    public void A_modal_serialises_with_its_title_buttons_and_input_blocks()
    {
        var modal = new ModalBuilder("Settings")
            .Submit("Save")
            .Close("Cancel")
            .CallbackId("settings_modal")
            .PrivateMetadata("seller:7")
            .NotifyOnClose()
            .Add(
                new InputBlock(new PlainText("Start of day"),
                    new StaticSelectElement("start")
                    {
                        Placeholder = new PlainText("Pick a time"),
                        OptionGroups = [new OptionGroup(new PlainText("Morning"), [Option.Plain("08:00", "8"), Option.Plain("09:00", "9")])],
                    })
                {
                    BlockId = "hours",
                    Hint = new PlainText("Your local time"),
                    Optional = true,
                },
                new InputBlock(new PlainText("Note"),
                    new PlainTextInputElement("note")
                    {
                        Multiline = true,
                        MaxLength = 500,
                        DispatchActionConfig = new DispatchActionConfig([TriggerActionsOn.OnEnterPressed]),
                    })
                { BlockId = "note", DispatchAction = true })
            .Build();

        AssertJson(
            """
            {
              "type": "modal",
              "title": { "type": "plain_text", "text": "Settings" },
              "submit": { "type": "plain_text", "text": "Save" },
              "close": { "type": "plain_text", "text": "Cancel" },
              "callback_id": "settings_modal",
              "private_metadata": "seller:7",
              "notify_on_close": true,
              "blocks": [
                { "type": "input", "block_id": "hours", "label": { "type": "plain_text", "text": "Start of day" },
                  "element": { "type": "static_select", "action_id": "start", "placeholder": { "type": "plain_text", "text": "Pick a time" },
                    "option_groups": [ { "label": { "type": "plain_text", "text": "Morning" }, "options": [
                      { "text": { "type": "plain_text", "text": "08:00" }, "value": "8" },
                      { "text": { "type": "plain_text", "text": "09:00" }, "value": "9" } ] } ] },
                  "hint": { "type": "plain_text", "text": "Your local time" }, "optional": true },
                { "type": "input", "block_id": "note", "label": { "type": "plain_text", "text": "Note" }, "dispatch_action": true,
                  "element": { "type": "plain_text_input", "action_id": "note", "multiline": true, "max_length": 500,
                    "dispatch_action_config": { "trigger_actions_on": [ "on_enter_pressed" ] } } }
              ]
            }
            """,
            BlockKitJson.Serialize(modal));
    }

    [Fact]
    public void A_home_view_serialises_with_type_home()
    {
        var home = new HomeBuilder().CallbackId("home").Add(new SectionBlock(new MrkdwnText("Welcome"))).Build();

        AssertJson(
            """{ "type": "home", "callback_id": "home", "blocks": [ { "type": "section", "text": { "type": "mrkdwn", "text": "Welcome" } } ] }""",
            BlockKitJson.Serialize(home));
    }

    private static void AssertJson(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"Expected:\n{e}\nActual:\n{a}");
    }
}
