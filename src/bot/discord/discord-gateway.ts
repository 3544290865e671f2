import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
} from 'discord.js';
import { ensureChatTeam } from '../../core/channels/teams.js';
import type { Config } from '../../core/config.js';
import { decodeAction, isDiscussButton } from '../chat-actions.js';
import { answerThreadMessage } from '../chat-discussions.js';
import { autocompleteChoices } from './discord-autocomplete.js';
import {
  type DiscordCommandDeps,
  type DiscordCommandRequest,
  type DiscordResponder,
  runDiscordCommand,
  runDiscordDiscuss,
  unknownButtonMessage,
} from './discord-commands.js';
import { discordRestOptions } from './discord-poster.js';
import type { DiscordMessagePayload } from './render-discord.js';

// Discord over the gateway (websocket): no public URL needed. MessageContent is a privileged intent (enable
// it in the Developer Portal): without it the bot cannot read follow-up questions in discussion threads.

export function createDiscordClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: discordRestOptions(config),
  });
}

export function attachDiscordHandlers(client: Client, deps: DiscordCommandDeps): void {
  client.on(Events.InteractionCreate, (interaction) => {
    handleInteraction(deps, interaction).catch((error: unknown) =>
      deps.log.error({ err: error, interaction: interaction.id }, 'Discord interaction failed'),
    );
  });
  client.on(Events.MessageCreate, (message) => {
    handleThreadMessage(deps, message).catch((error: unknown) =>
      deps.log.error({ err: error, message: message.id }, 'Discord thread answer failed'),
    );
  });
}

export async function handleInteraction(deps: DiscordCommandDeps, interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    await runDiscordCommand(deps, interactionRequest(interaction), gatewayResponder(interaction));
  } else if (interaction.isButton()) {
    if (isDiscussButton(interaction.customId)) {
      const request = {
        guildId: interaction.guildId,
        channelId: interaction.channelId,
        messageId: interaction.message.id,
      };
      await runDiscordDiscuss(deps, request, gatewayResponder(interaction));
      return;
    }
    const clicked = decodeAction(interaction.customId);
    if (!clicked) {
      const message = unknownButtonMessage();
      await interaction.reply({ embeds: message.embeds, flags: MessageFlags.Ephemeral });
      return;
    }
    const request = {
      ...interactionRequest(interaction),
      commandName: clicked.command,
      options: Object.entries(clicked.values).map(([name, value]) => ({ name, value })),
    };
    await runDiscordCommand(deps, request, gatewayResponder(interaction));
  } else if (interaction.isAutocomplete()) {
    await answerAutocomplete(deps, interaction);
  }
}

/** Who asked where; a button's command and options are filled in from its custom_id by the caller. */
export function interactionRequest(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction,
): DiscordCommandRequest {
  const member = interaction.member;
  const roles = member ? member.roles : [];
  return {
    commandName: interaction.isButton() ? '' : interaction.commandName,
    guildId: interaction.guildId,
    ...(interaction.guild ? { guildName: interaction.guild.name } : {}),
    channelId: interaction.channelId,
    userId: interaction.user.id,
    permissions: interaction.memberPermissions?.bitfield ?? null,
    roleIds: Array.isArray(roles) ? roles : [...roles.cache.keys()],
    options: interaction.isButton()
      ? []
      : interaction.options.data.map((option) => ({ name: option.name, value: option.value })),
  };
}

const toFiles = (message: DiscordMessagePayload) =>
  message.files.map((file) => ({ attachment: file.data, name: file.name }));

const toComponents = (message: DiscordMessagePayload) => (message.components ? { components: message.components } : {});

function gatewayResponder(interaction: ChatInputCommandInteraction | ButtonInteraction): DiscordResponder {
  const flags = (ephemeral: boolean) => (ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});
  return {
    async replyNow(message, ephemeral) {
      await interaction.reply({ embeds: message.embeds, files: toFiles(message), ...flags(ephemeral) });
    },
    async defer() {
      await interaction.deferReply();
    },
    async editOriginal(message) {
      const posted = await interaction.editReply({
        embeds: message.embeds,
        files: toFiles(message),
        ...toComponents(message),
      });
      return { id: posted.id };
    },
    async deleteOriginal() {
      await interaction.deleteReply();
    },
    async followUp(message, ephemeral) {
      await interaction.followUp({
        embeds: message.embeds,
        files: toFiles(message),
        ...toComponents(message),
        ...flags(ephemeral),
      });
    },
  };
}

async function answerAutocomplete(deps: DiscordCommandDeps, interaction: AutocompleteInteraction): Promise<void> {
  if (!interaction.guildId) return interaction.respond([]);
  const team = await ensureChatTeam(
    deps.db,
    'discord',
    interaction.guildId,
    interaction.guild?.name ?? interaction.guildId,
  );
  const focused = interaction.options.getFocused(true);
  const request = interactionRequest(interaction);
  await interaction.respond(
    await autocompleteChoices(deps.db, team.id, {
      commandName: request.commandName,
      focused: { name: focused.name, value: String(focused.value) },
      options: request.options,
    }),
  );
}

/** A person's message in a thread: answered when the thread is one of the team's discussions. */
export async function handleThreadMessage(deps: DiscordCommandDeps, message: Message): Promise<void> {
  if (message.author.bot || !message.inGuild() || !message.channel.isThread() || !message.channel.parentId) return;
  await answerThreadMessage(deps, deps.poster, {
    platform: 'discord',
    teamExternalId: message.guildId,
    roomId: message.channel.parentId,
    threadRef: message.channelId,
    text: message.content,
  });
}
