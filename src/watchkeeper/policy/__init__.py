"""The operator's policy: YAML rules that turn signals and context into actions.

Rules are data, not code, so a platform's trust & safety team can change what happens
without a deploy, and a broken file is refused at load with ``file:line`` messages
rather than failing on a live event. ``rules`` defines the language, ``loader`` checks
and compiles a file, ``conditions`` turns a rule's conditions into closures,
``evaluator`` decides on events; ``default_policy.yaml`` is what a small platform runs
on day one.
"""

from watchkeeper.policy.evaluator import Policy, Queue
from watchkeeper.policy.loader import load_default_policy, load_policy, parse_policy

__all__ = ["Policy", "Queue", "load_default_policy", "load_policy", "parse_policy"]
