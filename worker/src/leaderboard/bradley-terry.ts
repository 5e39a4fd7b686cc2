/**
 * A Bradley-Terry fit of pairwise wins, as LMSYS's Chatbot Arena rates models:
 * entity i beats j with probability σ(βᵢ − βⱼ). The strengths β maximise the
 * log-likelihood of the wins plus a small ridge prior, −(λ/2)·Σβ² (each β a
 * priori normal with mean 0 and variance 1/λ), which keeps an undefeated
 * entry's strength finite and makes the optimum unique; at the optimum Σβ = 0
 * (the likelihood's gradient sums to zero, so λ·Σβ must too).
 *
 * Ratings are on the arena's Elo-like scale, 1000 + (400 / ln 10)·β, centred
 * on the pool's mean. Their 95% intervals come from the inverse of the Fisher
 * information at the optimum (the negative Hessian of the penalised
 * log-likelihood), projected onto differences from the pool's mean: a
 * deterministic answer in one fit, where the arena bootstraps (a thousand
 * refits on resampled battles); for a logistic model both estimate the same
 * sampling spread, and a cached leaderboard should not change on recompute.
 *
 * Solved by Newton's method with step halving (the objective is strictly
 * concave), with a Cholesky factorisation of the Hessian. Pure; node-tested.
 */

/** The prior's precision λ: strengths a priori N(0, 2²), i.e. a rating's prior spread of ±347 points (one sd). */
export const RIDGE = 0.25;
/** Rating points per unit of strength: the arena's 400 / ln 10. */
export const RATING_SCALE = 400 / Math.LN10;
/** The rating of a pool's average entry. */
export const RATING_CENTRE = 1000;
/** The two-sided 95% normal quantile. */
const Z95 = 1.959963984540054;
const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

/** `count` wins of entity `winner` over entity `loser` (indices into the pool). */
export interface Wins {
  winner: number;
  loser: number;
  count: number;
}

/** The fit of one pool, by entity index. */
export interface BradleyTerryFit {
  /** The strengths β (logits; they sum to zero). */
  strengths: number[];
  /** 1000 + (400 / ln 10)·(β − mean β). */
  ratings: number[];
  /** 95% intervals of the ratings, [low, high]. */
  intervals: [number, number][];
}

/** Fits `size` entities to `wins` (self-wins are ignored); `ridge` is the prior's precision λ > 0. */
export function fitBradleyTerry(size: number, wins: Wins[], ridge = RIDGE): BradleyTerryFit {
  if (!(ridge > 0)) throw new RangeError(`The ridge must be positive, not ${ridge}.`);
  const played = wins.filter((win) => win.winner !== win.loser && win.count > 0);
  for (const win of played) {
    if (!(win.winner >= 0 && win.winner < size && win.loser >= 0 && win.loser < size)) {
      throw new RangeError(`Wins name entity ${win.winner} or ${win.loser}, outside a pool of ${size}.`);
    }
  }
  let strengths = new Array<number>(size).fill(0);
  let value = objective(strengths, played, ridge);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const { gradient, hessian } = derivatives(strengths, played, ridge);
    const step = choleskySolve(cholesky(hessian), gradient);
    let scale = 1;
    let next = strengths.map((beta, i) => beta + step[i]!);
    let nextValue = objective(next, played, ridge);
    // Newton's step is exact near the optimum; far from it, halve until the objective rises.
    while (nextValue < value && scale > 1e-8) {
      scale /= 2;
      next = strengths.map((beta, i) => beta + scale * step[i]!);
      nextValue = objective(next, played, ridge);
    }
    const moved = Math.max(0, ...step.map((delta) => Math.abs(scale * delta)));
    strengths = next;
    value = nextValue;
    if (moved < TOLERANCE) break;
  }
  const covariance = choleskyInverse(cholesky(derivatives(strengths, played, ridge).hessian));
  const mean = strengths.reduce((total, beta) => total + beta, 0) / (size || 1);
  const variances = centredVariances(covariance);
  return {
    strengths,
    ratings: strengths.map((beta) => RATING_CENTRE + RATING_SCALE * (beta - mean)),
    intervals: strengths.map((beta, i) => {
      const rating = RATING_CENTRE + RATING_SCALE * (beta - mean);
      const half = Z95 * RATING_SCALE * Math.sqrt(Math.max(0, variances[i]!));
      return [rating - half, rating + half];
    }),
  };
}

/** The penalised log-likelihood. */
function objective(strengths: number[], wins: Wins[], ridge: number): number {
  let total = 0;
  for (const { winner, loser, count } of wins) total += count * logSigmoid(strengths[winner]! - strengths[loser]!);
  return total - (ridge / 2) * strengths.reduce((sum, beta) => sum + beta * beta, 0);
}

/** The objective's gradient and its negative Hessian (the Fisher information plus λI). */
function derivatives(strengths: number[], wins: Wins[], ridge: number): { gradient: number[]; hessian: number[][] } {
  const size = strengths.length;
  const gradient = strengths.map((beta) => -ridge * beta);
  const hessian = strengths.map((_, i) => strengths.map((_, j) => (i === j ? ridge : 0)));
  for (const { winner, loser, count } of wins) {
    const p = sigmoid(strengths[winner]! - strengths[loser]!);
    gradient[winner]! += count * (1 - p);
    gradient[loser]! -= count * (1 - p);
    const information = count * p * (1 - p);
    hessian[winner]![winner]! += information;
    hessian[loser]![loser]! += information;
    hessian[winner]![loser]! -= information;
    hessian[loser]![winner]! -= information;
  }
  return { gradient, hessian: size === 0 ? [] : hessian };
}

/** Var(βᵢ − mean β) for each i, from the covariance of β. */
function centredVariances(covariance: number[][]): number[] {
  const size = covariance.length;
  const rowMeans = covariance.map((row) => row.reduce((total, x) => total + x, 0) / size);
  const grandMean = rowMeans.reduce((total, x) => total + x, 0) / (size || 1);
  return covariance.map((row, i) => row[i]! - 2 * rowMeans[i]! + grandMean);
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** log σ(x), without overflow for large |x|. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** The lower triangular L with L·Lᵀ = matrix (symmetric positive definite). */
function cholesky(matrix: number[][]): number[][] {
  const size = matrix.length;
  const lower = matrix.map(() => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
      lower[i]![j] = i === j ? Math.sqrt(sum) : sum / lower[j]![j]!;
    }
  }
  return lower;
}

/** Solves (L·Lᵀ)·x = b. */
function choleskySolve(lower: number[][], b: number[]): number[] {
  const size = lower.length;
  const y = new Array<number>(size).fill(0);
  for (let i = 0; i < size; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i]![k]! * y[k]!;
    y[i] = sum / lower[i]![i]!;
  }
  const x = new Array<number>(size).fill(0);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < size; k++) sum -= lower[k]![i]! * x[k]!;
    x[i] = sum / lower[i]![i]!;
  }
  return x;
}

/** (L·Lᵀ)⁻¹, column by column. */
function choleskyInverse(lower: number[][]): number[][] {
  const size = lower.length;
  const columns = lower.map((_, j) =>
    choleskySolve(
      lower,
      lower.map((_, i) => (i === j ? 1 : 0)),
    ),
  );
  return columns.map((_, i) => columns.map((column) => column[i]!)).slice(0, size);
}
