/**
 * Reading and preparing data. {@link dev.closedform.data.RegressionData} is the in-memory table every
 * trainer takes; {@link dev.closedform.data.TabularFiles} reads a table by its extension (delimited text,
 * {@code .npy}, {@code .npz}); {@link dev.closedform.data.CsvReader} reads delimited text, also into a
 * {@link dev.closedform.data.Table} of named double columns checked only where used;
 * {@link dev.closedform.data.Npy} and {@link dev.closedform.data.Npz} NumPy arrays,
 * {@link dev.closedform.data.Idx} the MNIST family and {@link dev.closedform.data.CifarBinary} CIFAR batches
 * (both into {@link dev.closedform.data.LabeledImages}); {@link dev.closedform.data.Standardizer} and
 * {@link dev.closedform.data.FieldNormalizer} fit their statistics on the training split only;
 * {@link dev.closedform.data.TrainTestSplit} is a seeded split; {@link dev.closedform.data.AtomicFiles}
 * replaces files atomically. Malformed input raises {@link dev.closedform.data.DataFormatException} naming
 * the file, line and column.
 */
package dev.closedform.data;
