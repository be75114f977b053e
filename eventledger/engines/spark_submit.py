"""The script ``spark-submit`` runs: the ``eventledger`` command line inside a submitted Spark driver.

    spark-submit --master spark://HOST:7077 --py-files dist/eventledger-0.1.0-py3-none-any.whl \\
        "$(python -c 'import eventledger.engines.spark_submit as m; print(m.__file__)')" \\
        process --engine spark hdfs:///corpus/ --out hdfs:///eventledger/run1

The Spark engine then uses the session spark-submit configured (master, executors, Python).
"""

import os
import sys

# spark-submit puts this script's folder first on sys.path: drop it, so that the package's modules
# (local.py, runs.py ...) can never shadow a top-level module of the same name.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

from eventledger.interfaces.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
