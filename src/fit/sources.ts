/**
 * The publications whose values are set beside a sweep's own (fits.csv's published_* columns,
 * report.md's comparison table). Each law's record (law-record.ts) holds its values per source.
 *
 * - Kaplan et al. 2020, "Scaling Laws for Neural Language Models": eqs. 1.1–1.3 and Table 2
 *   (joint L(N, D) fit, eq. 1.5), and the compute-efficient allocation N_opt ∝ C^0.73,
 *   D_opt ∝ C^0.27 (§6). C_c is 3.1e8 PF-days in the paper; here in FLOPs (1 PF-day = 8.64e19).
 * - Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models": Table 2 (a, b per
 *   approach) and eq. 10 (approach 3).
 * - Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt": their refit of approach 3;
 *   a and b follow from alpha and beta as a = beta/(alpha + beta), b = alpha/(alpha + beta).
 */

export type PublishedSource = 'kaplan' | 'hoffmann' | 'besiroglu';

/** The sources in the order every table prints them. */
export const SOURCES: readonly PublishedSource[] = ['kaplan', 'hoffmann', 'besiroglu'];

export const CITATIONS: Record<PublishedSource, string> = {
  kaplan: 'Kaplan et al. 2020',
  hoffmann: 'Hoffmann et al. 2022',
  besiroglu: 'Besiroglu et al. 2024',
};

/** One petaFLOP-day in FLOPs. */
export const PF_DAY = 1e15 * 86400;
