/** The lobby: the site's front page, live rooms first (components/lobby-view.tsx). */
import type { Component } from 'solid-js';
import { LobbyView } from '../components/lobby-view.tsx';
import { fetchLobby } from '../lib/lobby.ts';

const Page: Component = () => (
  <>
    <h1>Lobby</h1>
    <LobbyView load={fetchLobby} />
  </>
);

export default Page;
