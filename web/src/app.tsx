/** The application: one route per page, each loaded on demand so the first load stays small. */
import { Route, Router } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Layout } from './components/layout.tsx';
import { lazyChunk } from './lib/lazy-chunk.ts';

const Lobby = lazyChunk(() => import('./routes/lobby.tsx'));
const CreateRoom = lazyChunk(() => import('./routes/create-room.tsx'));
const Room = lazyChunk(() => import('./routes/room.tsx'));
const Personas = lazyChunk(() => import('./routes/personas.tsx'));
const Providers = lazyChunk(() => import('./routes/providers.tsx'));
const SignIn = lazyChunk(() => import('./routes/sign-in.tsx'));
const SignUp = lazyChunk(() => import('./routes/sign-up.tsx'));
const Admin = lazyChunk(() => import('./routes/admin.tsx'));
const Leaderboard = lazyChunk(() => import('./routes/leaderboard.tsx'));
const NotFound = lazyChunk(() => import('./routes/not-found.tsx'));

/** Every page of the site under the shared layout. */
export const App: Component = () => (
  <Router root={Layout}>
    <Route path="/" component={Lobby} />
    <Route path="/rooms/new" component={CreateRoom} />
    <Route path="/rooms/:id" component={Room} />
    <Route path="/personas" component={Personas} />
    <Route path="/providers" component={Providers} />
    <Route path="/sign-in" component={SignIn} />
    <Route path="/sign-up" component={SignUp} />
    <Route path="/leaderboard" component={Leaderboard} />
    <Route path="/admin" component={Admin} />
    <Route path="*" component={NotFound} />
  </Router>
);
