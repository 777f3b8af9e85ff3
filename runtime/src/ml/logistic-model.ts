/**
 * Bayesian logistic regression over binary features: the model behind each candidate channel of
 * the best-channel policy. Fitted by Newton's method (IRLS) to the maximum a posteriori weights
 * under a Gaussian prior — which is L2 regularisation, keeping weights of rare features near
 * zero — and the Laplace approximation gives their posterior covariance (the inverse Hessian),
 * from which Thompson sampling draws plausible weights.
 *
 * Why hand-written: the JavaScript logistic-regression packages (ml-logistic-regression,
 * ml-classifier…) fit by plain gradient descent, without a prior mean or a posterior covariance,
 * and Thompson sampling needs both. The loop is the textbook IRLS (Bishop, PRML §4.3.3, §4.5);
 * the linear algebra (solving, inverting, Cholesky) is ml-matrix's.
 */
import normal from '@stdlib/random-base-normal';
import { CholeskyDecomposition, inverse, Matrix, solve } from 'ml-matrix';

/** Training rows with the same features, pooled: `trials` messages of which `successes` paid. */
export interface FeatureGroup {
  /** Indices of the features that hold (always including the intercept, index 0). */
  features: readonly number[];
  trials: number;
  successes: number;
}

export interface LogisticPosterior {
  /** The most probable weights, one per feature. */
  mean: number[];
  /** Lower-triangular Cholesky factor of the posterior covariance (row-major). */
  covarianceFactor: number[][];
}

export interface LogisticPrior {
  /** Prior mean of the intercept (the log-odds of the overall rate); other weights have mean 0. */
  interceptMean: number;
  /** Prior standard deviation of the intercept and of the other weights. */
  interceptSd: number;
  weightSd: number;
}

export const defaultPrior: Omit<LogisticPrior, 'interceptMean'> = { interceptSd: 1.5, weightSd: 1 };

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function logit(p: number): number {
  const clamped = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(clamped / (1 - clamped));
}

function linear(weights: readonly number[], features: readonly number[]): number {
  let sum = 0;
  for (const index of features) sum += weights[index]!;
  return sum;
}

/** Maximum a posteriori weights and their Laplace posterior, by Newton's method. */
export function fitLogistic(
  groups: readonly FeatureGroup[],
  featureCount: number,
  prior: LogisticPrior,
  { maxIterations = 30, tolerance = 1e-7 } = {},
): LogisticPosterior {
  const priorMean = Array.from({ length: featureCount }, (_, index) => (index === 0 ? prior.interceptMean : 0));
  const precision = Array.from({ length: featureCount }, (_, index) =>
    index === 0 ? 1 / prior.interceptSd ** 2 : 1 / prior.weightSd ** 2,
  );
  const weights = [...priorMean];
  let hessian = new Matrix(featureCount, featureCount);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const gradient = weights.map((weight, index) => precision[index]! * (weight - priorMean[index]!));
    hessian = Matrix.diag(precision);
    for (const group of groups) {
      const p = sigmoid(linear(weights, group.features));
      const residual = group.trials * p - group.successes;
      const curvature = group.trials * p * (1 - p);
      for (const i of group.features) {
        gradient[i]! += residual;
        for (const j of group.features) hessian.set(i, j, hessian.get(i, j) + curvature);
      }
    }
    const step = solve(hessian, Matrix.columnVector(gradient)).to1DArray();
    let largest = 0;
    step.forEach((delta, index) => {
      weights[index]! -= delta;
      largest = Math.max(largest, Math.abs(delta));
    });
    if (largest < tolerance) break;
  }
  const covariance = inverse(hessian);
  // Symmetrise against rounding before factorising.
  const symmetric = covariance.add(covariance.transpose()).div(2);
  const factor = new CholeskyDecomposition(symmetric).lowerTriangularMatrix;
  return { mean: weights, covarianceFactor: factor.to2DArray() };
}

/** The predicted chance for the features with the posterior's most probable weights. */
export function predict(posterior: LogisticPosterior, features: readonly number[]): number {
  return sigmoid(linear(posterior.mean, features));
}

/** A normal-variate source driven by a seeded uniform source. */
export function normalSource(uniform: () => number): () => number {
  const draw = normal.factory({ prng: uniform });
  return () => draw(0, 1);
}

/**
 * A chance drawn from the posterior (Thompson sampling): weights = mean + L·z with z standard
 * normal, so uncertain candidates are sometimes optimistic and get tried.
 */
export function sampleChance(
  posterior: LogisticPosterior,
  features: readonly number[],
  gaussian: () => number,
): number {
  const { mean, covarianceFactor } = posterior;
  // Row i of the lower-triangular factor uses z[0..i]: draw only as far as the last feature needs.
  let last = 0;
  for (const i of features) if (i > last) last = i;
  const z = Array.from({ length: last + 1 }, () => gaussian());
  let sum = 0;
  for (const i of features) {
    const row = covarianceFactor[i]!;
    let offset = 0;
    for (let k = 0; k <= i; k += 1) offset += row[k]! * z[k]!;
    sum += mean[i]! + offset;
  }
  return sigmoid(sum);
}
