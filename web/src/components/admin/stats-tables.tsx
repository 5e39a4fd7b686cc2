/** The dashboard's tables: providers and models, circuits, and the most expensive conversations. */
import { A } from '@solidjs/router';
import { For, Show, type Component } from 'solid-js';
import { count, duration, percent, usd, type Stats } from './stats-types.ts';

const LEVEL_TEXT = { ok: 'ok', warning: 'warning', exceeded: 'limit reached' } as const;

/** A conversation's link; a private one, whose id and title the stats withhold, shows as such. */
const ConversationLink: Component<{ conversationId: string | null; title: string | null }> = (props) => (
  <Show when={props.conversationId} fallback={<em>private conversation</em>}>
    {(id) => <A href={`/rooms/${id()}`}>{props.title ?? id()}</A>}
  </Show>
);

/** Per provider and model: calls, errors by class, latency percentiles, tokens, cost. */
export const ModelTable: Component<{ stats: Stats }> = (props) => (
  <section aria-labelledby="models-title">
    <h2 id="models-title">Providers and models</h2>
    <Show when={props.stats.models.length > 0} fallback={<p>No provider calls in this window.</p>}>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Provider · model</th>
              <th scope="col">Calls</th>
              <th scope="col">Errors</th>
              <th scope="col">First token p50 / p95</th>
              <th scope="col">Duration p50 / p95 / p99</th>
              <th scope="col">Tokens in / out</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.stats.models}>
              {(model) => (
                <tr>
                  <th scope="row">
                    {model.provider} · {model.model}
                  </th>
                  <td>{count(model.calls)}</td>
                  <td>
                    {count(model.errors)} ({percent(model.calls === 0 ? 0 : model.errors / model.calls)})
                    <Show when={Object.keys(model.errorsByClass).length > 0}>
                      <span class="muted">
                        {' '}
                        {Object.entries(model.errorsByClass)
                          .map(([kind, n]) => `${kind} ${n}`)
                          .join(', ')}
                      </span>
                    </Show>
                  </td>
                  <td>
                    {model.timeToFirstTokenMs
                      ? `${duration(model.timeToFirstTokenMs.p50)} / ${duration(model.timeToFirstTokenMs.p95)}`
                      : '—'}
                  </td>
                  <td>
                    {model.durationMs
                      ? `${duration(model.durationMs.p50)} / ${duration(model.durationMs.p95)} / ${duration(model.durationMs.p99)}`
                      : '—'}
                  </td>
                  <td>
                    {count(model.inputTokens)} / {count(model.outputTokens)}
                  </td>
                  <td>{usd(model.costUsd)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  </section>
);

/** Each provider's circuit breaker in the answering isolate, with its calls and errors of the window. */
export const CircuitTable: Component<{ stats: Stats }> = (props) => {
  const callsOf = (provider: string) => props.stats.models.filter((model) => model.provider === provider);
  return (
    <section aria-labelledby="circuits-title">
      <h2 id="circuits-title">Provider health and circuits</h2>
      <p class="muted">Circuit breakers live in each Worker isolate; these are the answering isolate's.</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Configured</th>
              <th scope="col">Circuit</th>
              <th scope="col">Calls</th>
              <th scope="col">Error rate</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.stats.system.circuits}>
              {(circuit) => {
                const calls = () => callsOf(circuit.provider).reduce((total, model) => total + model.calls, 0);
                const errors = () => callsOf(circuit.provider).reduce((total, model) => total + model.errors, 0);
                return (
                  <tr>
                    <th scope="row">{circuit.provider}</th>
                    <td>{circuit.configured ? 'yes' : 'no'}</td>
                    <td class={`circuit circuit-${circuit.state}`}>{circuit.state}</td>
                    <td>{count(calls())}</td>
                    <td>{calls() === 0 ? '—' : percent(errors() / calls())}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
};

/** The most expensive conversations of the window, with their spend against the per-conversation limit. */
export const ConversationTable: Component<{ stats: Stats }> = (props) => (
  <section aria-labelledby="conversations-title">
    <h2 id="conversations-title">Most expensive conversations</h2>
    <Show
      when={props.stats.conversations.length > 0}
      fallback={<p>No conversation called a provider in this window.</p>}
    >
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Conversation</th>
              <th scope="col">Turns</th>
              <th scope="col">Calls</th>
              <th scope="col">Cost (window)</th>
              <th scope="col">Spend vs limit</th>
              <th scope="col">Viewers</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.stats.conversations}>
              {(conversation) => (
                <tr>
                  <th scope="row">
                    <ConversationLink conversationId={conversation.conversationId} title={conversation.title} />
                  </th>
                  <td>{count(conversation.turns)}</td>
                  <td>{count(conversation.calls)}</td>
                  <td>{usd(conversation.costUsd)}</td>
                  <td class={`level level-${conversation.spendLevel}`}>
                    {usd(conversation.totalCostUsd)}
                    {props.stats.spend.conversationLimitUsd > 0
                      ? ` of ${usd(props.stats.spend.conversationLimitUsd)} (${LEVEL_TEXT[conversation.spendLevel]})`
                      : ''}
                  </td>
                  <td>{count(conversation.viewers)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  </section>
);

/** The spend limits and where today stands. */
export const SpendPanel: Component<{ stats: Stats }> = (props) => (
  <section aria-labelledby="spend-title" class="spend">
    <h2 id="spend-title">Spend limits</h2>
    <p
      class={`level level-${props.stats.spend.dailyLevel}`}
      role={props.stats.spend.dailyLevel === 'ok' ? undefined : 'status'}
    >
      Today (UTC): {usd(props.stats.spend.dailySpentUsd)}
      {props.stats.spend.dailyLimitUsd > 0
        ? ` of ${usd(props.stats.spend.dailyLimitUsd)} — ${LEVEL_TEXT[props.stats.spend.dailyLevel]}`
        : ' (no daily limit)'}
    </p>
    <p class="muted">
      Per conversation:{' '}
      {props.stats.spend.conversationLimitUsd > 0 ? usd(props.stats.spend.conversationLimitUsd) : 'no limit'}; warnings
      from {percent(props.stats.spend.warningRatio)} of a limit. A room past a limit stops before its next turn (reason
      “spend-limit”).
    </p>
    <Show
      when={props.stats.spend.stops.length > 0}
      fallback={<p>No conversation was stopped by a spend limit in this window.</p>}
    >
      <h3>Stopped by a spend limit</h3>
      <ul class="spend-stops">
        <For each={props.stats.spend.stops}>
          {(stop) => (
            <li>
              <ConversationLink conversationId={stop.conversationId} title={stop.title} />:{' '}
              {stop.limit === 'daily' ? 'daily limit' : 'conversation limit'},{' '}
              <time dateTime={stop.at}>{new Date(stop.at).toLocaleString()}</time>
            </li>
          )}
        </For>
      </ul>
    </Show>
  </section>
);
