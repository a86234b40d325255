using LearningBot.CommandLine;

return await LearningBotCommandLine.InvokeAsync(args);
